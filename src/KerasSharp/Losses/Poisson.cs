using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's poisson: mean of y_pred - y_true * log(y_pred + 1e-7) over the last axis.</summary>
public sealed class Poisson : Loss
{
    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        (y_pred - y_true * (y_pred + Backend.Epsilon).log()).mean(new long[] { -1 });
}
