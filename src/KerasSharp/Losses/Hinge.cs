using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's hinge: mean of max(1 - y_true * y_pred, 0) over the last axis (targets -1 or 1).</summary>
public sealed class Hinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "hinge";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        (1 - y_true * y_pred).clamp_min(0).mean(new long[] { -1 });
}
