using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>Mean over the last axis of (round(y_pred) == y_true), with threshold 0.5.</summary>
/// <param name="name">The key it is logged under.</param>
public sealed class BinaryAccuracy(string name = "binary_accuracy") : Metric
{
    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_pred.gt(0.5).to(y_true.dtype).eq(y_true).to(ScalarType.Float32).mean(new long[] { -1 });
}
