using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's mean_absolute_error (mae): mean of absolute differences over the last axis.</summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        (y_pred - y_true).abs().mean(new long[] { -1 });
}
