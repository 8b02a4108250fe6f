using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>
/// Keras 2.2's Adam: t = iterations + 1; lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t);
/// m = beta_1 m + (1 - beta_1) g; v = beta_2 v + (1 - beta_2) g^2; p -= lr_t * m / (sqrt(v) + epsilon).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Adam with Keras 2.2's defaults and bias correction.</summary>
    /// <param name="lr">The learning rate; 0.001 by default.</param>
    /// <param name="beta_1">Decay of the first-moment estimate.</param>
    /// <param name="beta_2">Decay of the second-moment estimate.</param>
    /// <param name="epsilon">Fuzz factor added to denominators; Keras's <c>K.epsilon()</c>, 1e-7, by default.</param>
    /// <param name="decay">Learning-rate decay per update: the rate used is lr / (1 + decay * iterations).</param>
    /// <param name="learning_rate">The learning rate, under tf.keras's name; give <paramref name="lr"/> or this, not both.</param>
    public Adam(double? lr = null, double beta_1 = 0.9, double beta_2 = 0.999, double epsilon = Backend.Epsilon,
        double decay = 0, double? learning_rate = null)
        : base(lr, learning_rate, 0.001, decay)
    {
        if (beta_1 is < 0 or >= 1 || beta_2 is < 0 or >= 1)
            throw new ArgumentException($"beta_1 and beta_2 must be in [0, 1); got {beta_1} and {beta_2}.");
        Beta1 = beta_1;
        Beta2 = beta_2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    internal override System.Text.Json.Nodes.JsonObject KerasConfig() => new() { ["lr"] = Lr, ["beta_1"] = Beta1, ["beta_2"] = Beta2, ["decay"] = Decay, ["epsilon"] = Epsilon, ["amsgrad"] = false };

    /// <inheritdoc/>
    protected override int SlotCount => 2;

    /// <inheritdoc/>
    internal override Shape? Keras2UnusedSlot => 1;

    /// <inheritdoc/>
    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        long t = Iterations + 1;
        double lrT = lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        using Scalar b1 = Beta1, oneMinusB1 = 1 - Beta1, b2 = Beta2, oneMinusB2 = 1 - Beta2, eps = Epsilon, minusLrT = -lrT;
        var m = slots[0].mul_(b1).add_(g, oneMinusB1);
        var v = slots[1].mul_(b2).addcmul_(g, g, oneMinusB2);
        using var denominator = v.sqrt().add_(eps);
        p.addcdiv_(m, denominator, minusLrT);
    }
}
