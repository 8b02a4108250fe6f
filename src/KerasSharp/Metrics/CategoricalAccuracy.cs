using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>1 where argmax(y_true) equals argmax(y_pred), else 0.</summary>
/// <param name="name">The key it is logged under.</param>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : Metric
{
    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.argmax(-1).eq(y_pred.argmax(-1)).to(ScalarType.Float32);
}
