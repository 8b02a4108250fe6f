using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Mean of squared differences over the last axis.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) => (y_pred - y_true).square().mean(new long[] { -1 });
}
