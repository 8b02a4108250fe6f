using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's mean_absolute_percentage_error (mape): 100 * mean(|y_true - y_pred| / max(|y_true|, 1e-7)) over the last axis.</summary>
public sealed class MeanAbsolutePercentageError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_percentage_error";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        ((y_true - y_pred) / y_true.abs().clamp_min(Backend.Epsilon)).abs().mean(new long[] { -1 }) * 100;
}
