using Keras;
using Keras.Layers;
using Keras.Models;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The ONNX export in the real runtimes: ONNX's own checker (Debian's python3-onnx, with shape inference) accepts each
/// file, and ONNX Runtime 1.31, in-process, predicts within 1e-5 of Predict: both tutorial networks, a functional model
/// of two inputs and outputs, BatchNormalization, and every layer and activation of the TensorFlow.js reference cases.
/// </summary>
public class OnnxTests : SessionScopedTest
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-onnx-").FullName;

    /// <summary>ONNX Runtime's outputs for channels-last inputs, on one thread as a test, in the model's output order.</summary>
    internal static Tensor[] Run(string path, BaseModel model, params Tensor[] inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        var feeds = model.Inputs.Select((input, i) =>
        {
            using var values = inputs[i].to_type(ScalarType.Float32).contiguous();
            return NamedOnnxValue.CreateFromTensor(input.Layer.Name, new DenseTensor(values.data<float>().ToArray(), inputs[i].shape.Select(d => (int)d).ToArray()));
        }).ToList();
        using var results = session.Run(feeds);
        return results.Select(r =>
        {
            var t = r.AsTensor<float>();
            return tensor(t.ToArray(), t.Dimensions.ToArray().Select(d => (long)d).ToArray());
        }).ToArray();
    }

    private static void Check(params string[] paths)
    {
        PythonEnvironment.Require("onnx");
        var (code, output) = PythonEnvironment.Run(new[] { "-c", "import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\nprint('ok')" }
            .Concat(paths).ToArray());
        Assert.True(code == 0 && output.Contains("ok"), output);
    }

    [SkippableFact]
    public void The_tutorial_networks_run_in_onnx_runtime_as_in_predict()
    {
        string folder = Folder();
        var x = rand(5, 32, 32, 3);
        var paths = new List<string>();
        foreach (var (name, model) in new[] { ("conv4", (BaseModel)TutorialModels.FourConv()), ("conv6", TutorialModels.SixConv()) })
        {
            string path = Path.Combine(folder, name + ".onnx");
            model.SaveOnnx(path);
            paths.Add(path);
            var onnx = Run(path, model, x)[0];
            Assert.True(TensorflowJsReference.Difference(model.Predict(x), onnx) < 1e-5, $"{name}: {TensorflowJsReference.Difference(model.Predict(x), onnx):G3}");
        }
        Check(paths.ToArray());
    }

    [SkippableFact]
    public void Every_layer_runs_in_onnx_runtime_as_in_predict()
    {
        IEnumerable<(string Name, Func<BaseModel> Model, long[][] Inputs)> cases = KerasReferenceTests.ForwardCases().Append(("merge_subtract", () => SubtractModel(), new[] { new long[] { 4, 6 }, new long[] { 4, 6 } }))
            .Append(("functional_two_outputs", () => TensorflowJsTests.TwoInputsTwoOutputs(), new[] { new long[] { 3, 8, 8, 3 }, new long[] { 3, 5 } }));
        AssertOnnxRuntimePredicts(cases.Select((c, i) => (c.Name, KerasReferenceTests.Randomized(c.Model(), 300 + i),
            c.Inputs.Select((s, k) => KerasReferenceTests.Random(400 + 10 * i + k, s)).ToArray())));
    }

    [SkippableFact]
    public void Every_sequence_layer_runs_in_onnx_runtime_as_in_predict()
    {
        // The sequence layers' TensorFlow.js cases: recurrent layers with both gate functions, go_backwards, states in
        // and out, Bidirectional in each merge mode, TimeDistributed, Embedding, Conv1D, the 1-D poolings. Masked ones
        // are refused (below).
        AssertOnnxRuntimePredicts(SequenceReferenceTests.Cases().Where(c => !c.Name.StartsWith("masked"))
            .Select((c, i) => (c.Name, KerasReferenceTests.Randomized(c.Model(), 900 + i), c.Inputs(950 + 10 * i))));
    }

    /// <summary>Each model saved as ONNX predicts in ONNX Runtime within 1e-5 of Predict, and ONNX's checker accepts every file.</summary>
    private static void AssertOnnxRuntimePredicts(IEnumerable<(string Name, BaseModel Model, Tensor[] Inputs)> cases)
    {
        string folder = Folder();
        var failures = new List<string>();
        var paths = new List<string>();
        foreach (var (name, model, inputs) in cases)
        {
            string path = Path.Combine(folder, name + ".onnx");
            model.SaveOnnx(path);
            paths.Add(path);
            var expected = model.PredictAll(inputs);
            var onnx = Run(path, model, inputs);
            for (int i = 0; i < expected.Length; i++)
            {
                double difference = TensorflowJsReference.Difference(expected[i], onnx[i]);
                if (!(difference < 1e-5)) failures.Add($"{name} output {i}: differs from ONNX Runtime by {difference:G3}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Check(paths.ToArray());
    }

    private static Model SubtractModel()
    {
        var a = new Input(new Shape(6));
        var b = new Input(new Shape(6));
        return new Model(new[] { a, b }, new[] { new Subtract().Apply(new Dense(6).Apply(a), b) });
    }

    [Fact]
    public void A_masking_embedding_is_refused_with_what_to_do_and_nothing_is_written()
    {
        var model = new Sequential();
        model.Add(new Embedding(10, 4, input_length: 6, mask_zero: true));
        model.Add(new LSTM(3));
        string path = Path.Combine(Folder(), "masked.onnx");
        var e = Assert.Throws<NotSupportedException>(() => model.SaveOnnx(path));
        Assert.Contains("mask_zero", e.Message);
        Assert.Contains("without mask_zero", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_model_without_layers_is_refused_and_nothing_is_written()
    {
        string path = Path.Combine(Folder(), "empty.onnx");
        Assert.Throws<InvalidOperationException>(() => new Sequential().SaveOnnx(path));
        Assert.False(File.Exists(path));
    }
}
