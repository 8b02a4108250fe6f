using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's cosine_proximity: minus the cosine of y_true and y_pred over the last axis (each L2-normalised with TensorFlow's epsilon, 1e-12).</summary>
public sealed class CosineProximity : Loss
{
    /// <inheritdoc/>
    public override string Name => "cosine_proximity";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        -(L2Normalize(y_true) * L2Normalize(y_pred)).sum(-1);

    // tf.nn.l2_normalize: x / sqrt(max(sum(x^2), 1e-12)).
    private static Tensor L2Normalize(Tensor x) => x * x.square().sum(-1, keepdim: true).clamp_min(1e-12).rsqrt();
}
