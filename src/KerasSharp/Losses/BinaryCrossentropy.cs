using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Binary crossentropy on probabilities clipped to [1e-7, 1 - 1e-7], averaged over the last axis.</summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred)
    {
        var p = y_pred.clamp(Backend.Epsilon, 1 - Backend.Epsilon);
        return -(y_true * p.log() + (1 - y_true) * (1 - p).log()).mean(new long[] { -1 });
    }
}
