using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Keras 2.2's logcosh: mean of log(cosh(y_pred - y_true)) over the last axis, as x + softplus(-2x) - log 2.</summary>
public sealed class LogCosh : Loss
{
    /// <inheritdoc/>
    public override string Name => "logcosh";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        ((y_pred - y_true) + nn.functional.softplus((y_pred - y_true) * -2) - Math.Log(2)).mean(new long[] { -1 });
}
