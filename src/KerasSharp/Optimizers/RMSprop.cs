using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>Keras 2.2's RMSprop: a = rho * a + (1 - rho) * g^2; p -= lr_t * g / (sqrt(a) + epsilon).</summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>RMSprop with Keras 2.2's defaults.</summary>
    /// <param name="lr">The learning rate; 0.001 by default.</param>
    /// <param name="rho">Decay of the moving average of squared gradients.</param>
    /// <param name="epsilon">Fuzz factor added to denominators; Keras's <c>K.epsilon()</c>, 1e-7, by default.</param>
    /// <param name="decay">Learning-rate decay per update: the rate used is lr / (1 + decay * iterations).</param>
    /// <param name="learning_rate">The learning rate, under tf.keras's name; give <paramref name="lr"/> or this, not both.</param>
    public RMSprop(double? lr = null, double rho = 0.9, double epsilon = Backend.Epsilon, double decay = 0, double? learning_rate = null)
        : base(lr, learning_rate, 0.001, decay)
    {
        if (rho is < 0 or >= 1) throw new ArgumentException($"rho must be in [0, 1); got {rho}.");
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the moving average of squared gradients.</summary>
    public double Rho { get; }

    /// <summary>Added to the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    internal override System.Text.Json.Nodes.JsonObject KerasConfig() => new() { ["lr"] = Lr, ["rho"] = Rho, ["decay"] = Decay, ["epsilon"] = Epsilon };

    /// <inheritdoc/>
    internal override bool KerasWeightsStartWithIterations => false;

    /// <inheritdoc/>
    protected override int SlotCount => 1;

    /// <inheritdoc/>
    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        using Scalar rho = Rho, oneMinusRho = 1 - Rho, eps = Epsilon, minusLr = -lr;
        var a = slots[0].mul_(rho).addcmul_(g, g, oneMinusRho);
        using var denominator = a.sqrt().add_(eps);
        p.addcdiv_(g, denominator, minusLr);
    }
}
