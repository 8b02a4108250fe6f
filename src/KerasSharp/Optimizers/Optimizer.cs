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
        ["adadelta"] = () => new Adadelta(),
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

    /// <summary>Whether Keras 2.2's <c>optimizer.get_weights()</c> starts with <c>iterations</c> (SGD and Adam); RMSprop's and Adadelta's do not.</summary>
    internal virtual bool KerasWeightsStartWithIterations => true;

    /// <summary>How many state tensors Keras 3's optimizer keeps per weight; Keras 3's SGD keeps none without momentum.</summary>
    internal virtual int Keras3SlotCount => SlotCount;

    /// <summary>
    /// The (weight, kind) pairs of the state in Keras's order. Keras 2's <c>optimizer.get_weights()</c> goes kind by kind
    /// (Adam's m for every weight, then v); Keras 3's optimizers build them weight by weight (m0, v0, m1, v1...).
    /// Keras puts <c>iterations</c> (and Keras 3 its learning rate) before them.
    /// </summary>
    private IEnumerable<(int Weight, int Kind)> KerasOrder(int weights, bool keras3) => keras3
        ? Enumerable.Range(0, weights).SelectMany(i => Enumerable.Range(0, Keras3SlotCount).Select(k => (i, k)))
        : Enumerable.Range(0, SlotCount).SelectMany(k => Enumerable.Range(0, weights).Select(i => (i, k)));

    /// <summary>The state tensors in Keras's order (see <see cref="KerasOrder"/>), each in Keras's layout.</summary>
    internal IEnumerable<Tensor> KerasSlots(IReadOnlyList<Weight> weights, bool keras3 = false) =>
        KerasOrder(weights.Count, keras3).Select(p => weights[p.Weight].ToKerasLayout(SlotsOf(weights[p.Weight])[p.Kind]));

    /// <summary>The Keras shapes of the tensors <see cref="KerasSlots"/> gives, in its order, without reading them.</summary>
    internal IEnumerable<Shape> KerasSlotShapes(IReadOnlyList<Weight> weights, bool keras3 = false) =>
        KerasOrder(weights.Count, keras3).Select(p => weights[p.Weight].Shape);

    /// <summary>Restores the state from tensors in <see cref="KerasSlots"/>'s order and layouts.</summary>
    internal void SetKerasSlots(IReadOnlyList<Weight> weights, IReadOnlyList<Tensor> values, bool keras3 = false)
    {
        var order = KerasOrder(weights.Count, keras3).ToList();
        if (values.Count != order.Count)
            throw new InvalidDataException($"{GetType().Name} keeps {order.Count} state tensors for this model, but {values.Count} were given.");
        for (int j = 0; j < order.Count; j++)
        {
            var (i, k) = order[j];
            using var engine = weights[i].FromKerasLayout(values[j]);
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
