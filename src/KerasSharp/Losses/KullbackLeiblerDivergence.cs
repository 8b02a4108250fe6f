using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's kullback_leibler_divergence (kld): sum of y_true * log(y_true / y_pred) over the last axis, both clipped to [1e-7, 1].</summary>
public sealed class KullbackLeiblerDivergence : Loss
{
    /// <inheritdoc/>
    public override string Name => "kullback_leibler_divergence";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        (y_true.clamp(Backend.Epsilon, 1) * (y_true.clamp(Backend.Epsilon, 1) / y_pred.clamp(Backend.Epsilon, 1)).log()).sum(-1);
}
