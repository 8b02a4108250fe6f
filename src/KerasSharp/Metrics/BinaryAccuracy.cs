using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>Mean over the last axis of (round(y_pred) == y_true), with threshold 0.5.</summary>
public sealed class BinaryAccuracy(string name = "binary_accuracy") : Metric
{
    public override string Name => name;

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_pred.gt(0.5).to(y_true.dtype).eq(y_true).to(ScalarType.Float32).mean(new long[] { -1 });
}
