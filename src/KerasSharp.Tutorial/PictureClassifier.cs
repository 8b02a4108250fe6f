using Keras;
using Keras.Models;
using Microsoft.ML.OnnxRuntime;
using OnnxTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace KerasSharp.Tutorial;

/// <summary>
/// The network the predict command runs: a Keras model file through KerasSharp, or an ONNX file (from SaveOnnx) through
/// ONNX Runtime. Either takes channels-last pictures and gives class probabilities.
/// </summary>
internal sealed class PictureClassifier : IDisposable
{
    private readonly BaseModel? _model;
    private readonly InferenceSession? _session;
    private readonly string? _input;

    private PictureClassifier(BaseModel? model, InferenceSession? session, string? input, Shape inputShape, int classes) =>
        (_model, _session, _input, InputShape, Classes) = (model, session, input, inputShape, classes);

    /// <summary>The shape of one picture (height, width, channels).</summary>
    public Shape InputShape { get; }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>Opens a .onnx file with ONNX Runtime, anything else as a Keras model file.</summary>
    public static PictureClassifier Open(string path)
    {
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var model = BaseModel.LoadModel(path);
            return new PictureClassifier(model, null, null, model.InputShape, model.OutputShape[model.OutputShape.Rank - 1]);
        }
        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path} is not an ONNX model ONNX Runtime can load: {e.Message}", e);
        }
        var (input, meta) = session.InputMetadata.First();
        var output = session.OutputMetadata.Values.First();
        if (session.InputMetadata.Count != 1 || meta.Dimensions.Length != 4 || output.Dimensions.Length != 2 || meta.Dimensions.Skip(1).Any(d => d <= 0))
        {
            session.Dispose();
            throw new ArgumentException($"{path} does not take one batch of pictures (batch, height, width, channels) to class scores; its first input has shape ({string.Join(", ", meta.Dimensions)}).");
        }
        return new PictureClassifier(null, session, input, new Shape(meta.Dimensions[1], meta.Dimensions[2], meta.Dimensions[3]), output.Dimensions[1]);
    }

    /// <summary>The class probabilities of a batch of pictures (N, H, W, C).</summary>
    public Tensor Predict(Tensor batch)
    {
        if (_model is not null) return _model.Predict(batch);
        using var values = batch.to_type(ScalarType.Float32).contiguous();
        var input = new OnnxTensor(values.data<float>().ToArray(), batch.shape.Select(d => (int)d).ToArray());
        using var results = _session!.Run(new[] { NamedOnnxValue.CreateFromTensor(_input!, input) });
        var scores = results.First().AsTensor<float>();
        return tensor(scores.ToArray(), scores.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    public void Dispose() => _session?.Dispose();
}
