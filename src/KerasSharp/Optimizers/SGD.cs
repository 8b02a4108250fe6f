using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>
/// Keras 2.2's SGD: v = momentum * m - lr_t * g; m = v; then p += momentum * v - lr_t * g with
/// Nesterov momentum, else p += v. This is not libtorch's SGD formula, which drifts apart with decay.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Stochastic gradient descent with optional (Nesterov) momentum and decay, Keras 2.2's formula.</summary>
    /// <param name="lr">The learning rate; 0.01 by default.</param>
    /// <param name="momentum">How much of the previous update each update keeps; 0 by default.</param>
    /// <param name="decay">Learning-rate decay per update: the rate used is lr / (1 + decay * iterations).</param>
    /// <param name="nesterov">Whether to use Nesterov momentum.</param>
    /// <param name="learning_rate">The learning rate, under tf.keras's name; give <paramref name="lr"/> or this, not both.</param>
    public SGD(double? lr = null, double momentum = 0, double decay = 0, bool nesterov = false, double? learning_rate = null)
        : base(lr, learning_rate, 0.01, decay)
    {
        if (momentum < 0) throw new ArgumentException($"momentum must not be negative; got {momentum}.");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>How much of the previous update each update keeps.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    internal override System.Text.Json.Nodes.JsonObject KerasConfig() => new() { ["lr"] = Lr, ["momentum"] = Momentum, ["decay"] = Decay, ["nesterov"] = Nesterov };

    /// <inheritdoc/>
    protected override int SlotCount => 1;

    /// <inheritdoc/>
    internal override int Keras3SlotCount => Momentum == 0 ? 0 : 1;

    /// <inheritdoc/>
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
