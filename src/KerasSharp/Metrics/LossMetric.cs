using Keras.Losses;
using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>A loss function logged as a metric, as Keras 2.2 accepts any of its losses in <c>metrics</c>.</summary>
/// <param name="loss">The loss.</param>
/// <param name="name">The key it is logged under: the loss's full name, as Keras logs <c>metrics=['mse']</c> as <c>mean_squared_error</c>.</param>
public sealed class LossMetric(Loss loss, string name) : Metric
{
    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) => loss.Call(y_true, y_pred);
}
