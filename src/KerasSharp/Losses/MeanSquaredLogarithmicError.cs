using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's mean_squared_logarithmic_error (msle): mean of (log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2 over the last axis.</summary>
public sealed class MeanSquaredLogarithmicError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_logarithmic_error";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        ((y_pred.clamp_min(Backend.Epsilon) + 1).log() - (y_true.clamp_min(Backend.Epsilon) + 1).log()).square().mean(new long[] { -1 });
}
