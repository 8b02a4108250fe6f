using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>
/// Keras 2.2's Adadelta: a = rho * a + (1 - rho) * g^2; update = g * sqrt(d + epsilon) / sqrt(a + epsilon);
/// p -= lr_t * update; d = rho * d + (1 - rho) * update^2. Its learning rate is 1.0 by default, as in Keras.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Adadelta with Keras 2.2's defaults.</summary>
    /// <param name="lr">The learning rate; 1.0 by default.</param>
    /// <param name="rho">Decay of the moving averages of squared gradients and of squared updates.</param>
    /// <param name="epsilon">Fuzz factor inside the square roots; Keras's <c>K.epsilon()</c>, 1e-7, by default.</param>
    /// <param name="decay">Learning-rate decay per update: the rate used is lr / (1 + decay * iterations).</param>
    /// <param name="learning_rate">The learning rate, under tf.keras's name; give <paramref name="lr"/> or this, not both.</param>
    public Adadelta(double? lr = null, double rho = 0.95, double epsilon = Backend.Epsilon, double decay = 0, double? learning_rate = null)
        : base(lr, learning_rate, 1.0, decay)
    {
        if (rho is < 0 or >= 1) throw new ArgumentException($"rho must be in [0, 1); got {rho}.");
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the moving averages.</summary>
    public double Rho { get; }

    /// <summary>Added inside the square roots.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    internal override System.Text.Json.Nodes.JsonObject KerasConfig() => new() { ["lr"] = Lr, ["rho"] = Rho, ["decay"] = Decay, ["epsilon"] = Epsilon };

    /// <inheritdoc/>
    internal override bool KerasWeightsStartWithIterations => false;

    /// <inheritdoc/>
    protected override int SlotCount => 2;

    /// <inheritdoc/>
    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        using Scalar rho = Rho, oneMinusRho = 1 - Rho, eps = Epsilon, minusLr = -lr;
        var a = slots[0].mul_(rho).addcmul_(g, g, oneMinusRho);
        using var denominator = (a + eps).sqrt_();
        using var update = (slots[1] + eps).sqrt_().mul_(g).div_(denominator);
        p.add_(update, minusLr);
        slots[1].mul_(rho).addcmul_(update, update, oneMinusRho);
    }
}
