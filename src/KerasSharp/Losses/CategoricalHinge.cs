using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's categorical_hinge: max(0, max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1) over the last axis.</summary>
public sealed class CategoricalHinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "categorical_hinge";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        (((1 - y_true) * y_pred).amax(new long[] { -1 }) - (y_true * y_pred).sum(-1) + 1).clamp_min(0);
}
