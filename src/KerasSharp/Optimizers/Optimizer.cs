using Keras.Utils;
using Keras.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Optimizers;

/// <summary>
/// Base of the Keras 2.2 optimizers. <see cref="Iterations"/> counts updates (batches) from 0, and
/// learning-rate decay uses it: lr_t = lr / (1 + decay * iterations). A name such as <c>"sgd"</c> converts to one.
/// </summary>
public abstract class Optimizer
{
    private static readonly NameRegistry<Optimizer> Known = new("optimizer", new()
    {
        ["sgd"] = () => new SGD(),
        ["rmsprop"] = () => new RMSprop(),
        ["adam"] = () => new Adam(),
    });

    private readonly Dictionary<Weight, Tensor[]> _slots = new();

    /// <summary>Checks and keeps the arguments every optimizer shares.</summary>
    /// <param name="lr">The learning rate, under Keras 2.2's name.</param>
    /// <param name="learning_rate">The learning rate, under tf.keras's name; give <paramref name="lr"/> or this, not both.</param>
    /// <param name="defaultLr">The optimizer's default learning rate, used when neither name gives one.</param>
    /// <param name="decay">Learning-rate decay per update: the rate used is lr / (1 + decay * iterations).</param>
    protected Optimizer(double? lr, double? learning_rate, double defaultLr, double decay)
    {
        if (lr is not null && learning_rate is not null)
            throw new ArgumentException("Give either lr or learning_rate, not both.");
        Lr = lr ?? learning_rate ?? defaultLr;
        if (Lr <= 0 || double.IsNaN(Lr)) throw new ArgumentException($"The learning rate must be positive; got {Lr}.");
        if (decay < 0) throw new ArgumentException($"decay must not be negative; got {decay}.");
        Decay = decay;
    }

    /// <summary>The learning rate before decay.</summary>
    public double Lr { get; }

    /// <summary>The learning-rate decay per update.</summary>
    public double Decay { get; }

    /// <summary>Number of updates made so far.</summary>
    public long Iterations { get; set; }

    /// <summary>The decayed learning rate for the next update.</summary>
    public double CurrentLr => Lr / (1 + Decay * Iterations);

    /// <summary>How many state tensors (moments, accumulators) each weight needs.</summary>
    protected abstract int SlotCount { get; }

    /// <summary>One update of one weight, in place, from its gradient and its state tensors.</summary>
    /// <param name="p">The weight, in the engine's layout.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="slots">Its state tensors (momentum, moments...), <see cref="SlotCount"/> of them.</param>
    /// <param name="lr">The learning rate for this update, decay applied.</param>
    protected abstract void Update(Tensor p, Tensor g, Tensor[] slots, double lr);

    /// <summary>Applies one update to every weight that has a gradient, then their constraints.</summary>
    internal void Step(IEnumerable<Weight> weights)
    {
        double lr = CurrentLr;
        using (no_grad())
        {
            foreach (var w in weights)
            {
                using var g = w.Value.grad;
                if (g is null) continue;
                Update(w.Value, g, SlotsOf(w), lr);
                g.zero_();
            }
        }
        foreach (var w in weights) w.ApplyConstraint();
        Iterations++;
    }

    /// <summary>The optimizer's state tensors per weight (for checkpoints); created on first use.</summary>
    /// <param name="weight">A trainable weight of the model.</param>
    /// <returns>The state tensors, live: changing them changes the optimizer.</returns>
    public IReadOnlyList<Tensor> GetSlots(Weight weight) => SlotsOf(weight);

    /// <summary>Restores a weight's state tensors from values of the same shapes.</summary>
    internal void SetSlots(Weight weight, IReadOnlyList<Tensor> values)
    {
        var slots = SlotsOf(weight);
        using var _ = no_grad();
        for (int i = 0; i < slots.Length; i++) slots[i].copy_(values[i]);
    }

    /// <summary>The optimizer's arguments as Keras's <c>get_config()</c> gives them (for a model file's training_config).</summary>
    internal abstract System.Text.Json.Nodes.JsonObject KerasConfig();

    /// <summary>
    /// The state as Keras 2's <c>optimizer.get_weights()</c> orders it: the state tensors' first kind for every weight,
    /// then the second kind (Adam's m, then v), each in Keras's layout. Keras puts <c>iterations</c> before them.
    /// </summary>
    internal IEnumerable<Tensor> KerasSlots(IReadOnlyList<Weight> weights) =>
        Enumerable.Range(0, SlotCount).SelectMany(k => weights.Select(w => w.ToKerasLayout(SlotsOf(w)[k])));

    /// <summary>The Keras shapes of the tensors <see cref="KerasSlots"/> gives, in its order, without reading them.</summary>
    internal IEnumerable<Shape> KerasSlotShapes(IReadOnlyList<Weight> weights) =>
        Enumerable.Range(0, SlotCount).SelectMany(_ => weights.Select(w => w.Shape));

    /// <summary>Restores the state from tensors in <see cref="KerasSlots"/>'s order and layouts.</summary>
    internal void SetKerasSlots(IReadOnlyList<Weight> weights, IReadOnlyList<Tensor> values)
    {
        if (values.Count != SlotCount * weights.Count)
            throw new InvalidDataException($"{GetType().Name} keeps {SlotCount * weights.Count} state tensors for this model, but {values.Count} were given.");
        for (int k = 0; k < SlotCount; k++)
            for (int i = 0; i < weights.Count; i++)
            {
                using var engine = weights[i].FromKerasLayout(values[k * weights.Count + i]);
                using var _ = no_grad();
                SlotsOf(weights[i])[k].copy_(engine);
            }
    }

    /// <summary>The shapes of the state tensors of these weights, in checkpoint order.</summary>
    internal IEnumerable<Shape> SlotShapes(IEnumerable<Weight> weights) =>
        weights.SelectMany(w => Enumerable.Repeat(new Shape(w.Value.shape.Select(d => (int)d).ToArray()), SlotCount));

    private Tensor[] SlotsOf(Weight w)
    {
        if (!_slots.TryGetValue(w, out var slots))
        {
            slots = Enumerable.Range(0, SlotCount).Select(_ => zeros_like(w.Value).DetachFromDisposeScope()).ToArray();
            _slots[w] = slots;
        }
        return slots;
    }

    /// <summary>The optimizer with a Keras name, with Keras's defaults.</summary>
    /// <param name="name"><c>sgd</c>, <c>rmsprop</c> or <c>adam</c> (any case).</param>
    /// <returns>A new optimizer.</returns>
    public static Optimizer Get(string name) => Known.Get(name.ToLowerInvariant());

    /// <summary>Lets a Keras name stand for an optimizer: <c>optimizer: "adam"</c>.</summary>
    /// <param name="name">The optimizer's Keras name.</param>
    public static implicit operator Optimizer(string name) => Get(name);
}
