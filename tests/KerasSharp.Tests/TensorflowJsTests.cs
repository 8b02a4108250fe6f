using System.Text.Json.Nodes;
using Keras;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The TensorFlow.js export, loaded by TensorFlow.js itself (tfjs 4.22 under Node): the tutorial's two networks, a
/// functional model of two inputs and outputs and a model with BatchNormalization predict within 1e-5 of Predict; the
/// files are laid out as the tensorflowjs converter lays them out; quantized weights stay within their step.
/// </summary>
public class TensorflowJsTests : SessionScopedTest
{
    private static Tensor Pictures(long n, long h, long w, long c, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand(new[] { n, h, w, c }, generator: generator);
    }

    internal static Model TwoInputsTwoOutputs()
    {
        var pictures = new Input((8, 8, 3), name: "pictures");
        var numbers = new Input(new Shape(5), name: "numbers");
        var features = new Flatten().Apply(new MaxPooling2D((2, 2)).Apply(new Conv2D(4, (3, 3), padding: "same", activation: "relu").Apply(pictures)));
        var joined = new Concatenate().Apply(features, new Dense(6, activation: "tanh").Apply(numbers));
        var classes = new Dense(3, activation: "softmax", name: "classes").Apply(joined);
        var value = new Dense(1, name: "value").Apply(new Add().Apply(new Dense(4).Apply(joined), new Dense(4).Apply(numbers)));
        return new Model(new[] { pictures, numbers }, new[] { classes, value });
    }

    private static Sequential Normalized()
    {
        var model = new Sequential();
        model.Add(new Conv2D(6, (3, 3), input_shape: (10, 10, 2)));
        model.Add(new BatchNormalization());
        model.Add(new Activation("relu"));
        model.Add(new Flatten());
        model.Add(new Dense(4));
        model.Add(new BatchNormalization());
        // Moving statistics and scales away from their initial 0 and 1, as after training.
        using var generator = new Generator(9);
        foreach (var layer in model.Layers.OfType<BatchNormalization>())
            layer.SetWeights(layer.GetWeights().Select((w, i) => i == 3 ? rand(w.shape, generator: generator) + 0.5 : randn(w.shape, generator: generator)).ToArray());
        return model;
    }

    [SkippableFact]
    public void Tensorflow_js_loads_the_exports_and_predicts_what_predict_gives()
    {
        var fourConv = TutorialModels.FourConv();
        var sixConv = TutorialModels.SixConv();
        var functional = TwoInputsTwoOutputs();
        var normalized = Normalized();
        var x = Pictures(6, 32, 32, 3, 1);
        var (pictures, numbers) = (Pictures(5, 8, 8, 3, 2), randn(5, 5));
        var normalizedInput = Pictures(4, 10, 10, 2, 3);
        var results = TensorflowJsReference.Run(
            new("conv4", fourConv, new[] { x }), new("conv6", sixConv, new[] { x }),
            new("functional", functional, new[] { pictures, numbers }), new("normalized", normalized, new[] { normalizedInput }));

        Assert.True(TensorflowJsReference.Difference(fourConv.Predict(x), results["conv4"].Tensors[0].Value) < 1e-5);
        Assert.True(TensorflowJsReference.Difference(sixConv.Predict(x), results["conv6"].Tensors[0].Value) < 1e-5);
        var both = functional.PredictAll(new[] { pictures, numbers });
        Assert.Equal(new[] { "classes", "value" }, results["functional"].Tensors.Select(t => t.Name));
        for (int i = 0; i < 2; i++) Assert.True(TensorflowJsReference.Difference(both[i], results["functional"].Tensors[i].Value) < 1e-5);
        Assert.True(TensorflowJsReference.Difference(normalized.Predict(normalizedInput), results["normalized"].Tensors[0].Value) < 1e-5);
    }

    [Fact]
    public void The_files_are_laid_out_as_the_converter_lays_them_out()
    {
        var model = TutorialModels.FourConv();
        string dir = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-tfjs-layout-").FullName, "conv4_tfjs");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(dir).FullName, "group9-shard1of1.bin"), "left from an earlier export");
        model.SaveTensorflowJSFormat(dir);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "model.json")))!;
        Assert.Equal("layers-model", json["format"]!.GetValue<string>());
        Assert.Equal("Sequential", json["modelTopology"]!["model_config"]!["class_name"]!.GetValue<string>());
        var groups = json["weightsManifest"]!.AsArray();
        Assert.Equal(model.Layers.Count(l => l.Weights.Count > 0), groups.Count);
        Assert.Equal(new[] { "conv2d_1/kernel", "conv2d_1/bias" }, groups[0]!["weights"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
        // The 2304x512 Dense kernel (4.7 MB) and its bias span two shards of at most 4 MB, named as the converter names them.
        var dense = groups.Single(g => g!["weights"]![0]!["shape"]!.AsArray().Select(d => d!.GetValue<int>()).SequenceEqual(new[] { 2304, 512 }))!;
        var paths = dense["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(2, paths.Count);
        Assert.Matches(@"^group\d+-shard1of2\.bin$", paths[0]);
        Assert.Equal(4 << 20, new FileInfo(Path.Combine(dir, paths[0])).Length);
        Assert.Equal((2304 * 512 + 512) * 4 - (4 << 20), new FileInfo(Path.Combine(dir, paths[1])).Length);
        Assert.False(File.Exists(Path.Combine(dir, "group9-shard1of1.bin")), "an earlier export's shards are removed");
    }

    [Fact]
    public void A_layer_tensorflow_js_lacks_is_refused_before_anything_is_written()
    {
        var a = new Input(new Shape(3));
        var b = new Input(new Shape(3));
        var model = new Model(new[] { a, b }, new[] { new Subtract(name: "difference").Apply(a, b) });
        string dir = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-tfjs-refused-").FullName, "out");
        var e = Assert.Throws<NotSupportedException>(() => model.SaveTensorflowJSFormat(dir));
        Assert.Contains("no Subtract layer", e.Message);
        Assert.Contains("'difference'", e.Message);
        Assert.False(Directory.Exists(dir));
        var causal = new Sequential();
        causal.Add(new Conv1D(2, 3, padding: "causal", input_shape: (5, 2)));
        Assert.Contains("no causal padding", Assert.Throws<NotSupportedException>(() => causal.SaveTensorflowJSFormat(dir)).Message);
        var gru = new Sequential();
        gru.Add(new Bidirectional(new GRU(2, reset_after: true), input_shape: (5, 2)));
        Assert.Contains("no GRU with reset_after", Assert.Throws<NotSupportedException>(() => gru.SaveTensorflowJSFormat(dir)).Message);
    }

    [SkippableFact]
    public void Quantized_weights_are_half_the_size_and_within_their_step()
    {
        var model = Normalized();
        string dir = Directory.CreateTempSubdirectory("kerassharp-tfjs-quantized-").FullName;
        model.SaveTensorflowJSFormat(Path.Combine(dir, "plain"));
        model.SaveTensorflowJSFormat(Path.Combine(dir, "quantized"), quantize: true);
        long Size(string name) => Directory.GetFiles(Path.Combine(dir, name), "*.bin").Sum(f => new FileInfo(f).Length);
        Assert.Equal(Size("plain"), 2 * Size("quantized"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "quantized", "model.json")))!["weightsManifest"]!;
        Assert.Equal("uint16", manifest[0]!["weights"]![0]!["quantization"]!["dtype"]!.GetValue<string>());

        var x = Pictures(4, 10, 10, 2, 5);
        var exact = TensorflowJsReference.Run(new TensorflowJsReference.Job("plain", model, new[] { x }))["plain"].Tensors[0].Value;
        // TensorFlow.js reads the quantized files: compare its answers with the exact ones (the job exports afresh, so
        // the quantized folder is read through a model built from it).
        var quantized = TensorflowJsReference.RunExported(Path.Combine(dir, "quantized"), new[] { x });
        double difference = TensorflowJsReference.Difference(exact, quantized);
        Assert.True(difference is > 0 and < 1e-2, $"quantized answers differ by {difference}");
    }
}
