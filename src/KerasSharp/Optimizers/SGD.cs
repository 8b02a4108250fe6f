using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>
/// Keras 2.2's SGD: v = momentum * m - lr_t * g; m = v; then p += momentum * v - lr_t * g with
/// Nesterov momentum, else p += v. This is not libtorch's SGD formula, which drifts apart with decay.
/// </summary>
public sealed class SGD : Optimizer
{
    public SGD(double? lr = null, double momentum = 0, double decay = 0, bool nesterov = false, double? learning_rate = null)
        : base(lr, learning_rate, 0.01, decay)
    {
        if (momentum < 0) throw new ArgumentException($"momentum must not be negative; got {momentum}.");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    public double Momentum { get; }

    public bool Nesterov { get; }

    protected override int SlotCount => 1;

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        using Scalar momentum = Momentum, minusLr = -lr;
        var v = slots[0].mul_(momentum).add_(g, minusLr);
        if (Nesterov)
            p.add_(v, momentum).add_(g, minusLr);
        else
            p.add_(v);
    }
}
