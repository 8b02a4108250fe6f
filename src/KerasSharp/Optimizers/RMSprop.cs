using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>Keras 2.2's RMSprop: a = rho * a + (1 - rho) * g^2; p -= lr_t * g / (sqrt(a) + epsilon).</summary>
public sealed class RMSprop : Optimizer
{
    public RMSprop(double? lr = null, double rho = 0.9, double epsilon = Backend.Epsilon, double decay = 0, double? learning_rate = null)
        : base(lr, learning_rate, 0.001, decay)
    {
        if (rho is < 0 or >= 1) throw new ArgumentException($"rho must be in [0, 1); got {rho}.");
        Rho = rho;
        Epsilon = epsilon;
    }

    public double Rho { get; }

    public double Epsilon { get; }

    protected override int SlotCount => 1;

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        using Scalar rho = Rho, oneMinusRho = 1 - Rho, eps = Epsilon, minusLr = -lr;
        var a = slots[0].mul_(rho).addcmul_(g, g, oneMinusRho);
        using var denominator = a.sqrt().add_(eps);
        p.addcdiv_(g, denominator, minusLr);
    }
}
