using Keras.Layers;
using Keras.Utils;
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
        if (decay < 0) throw new ArgumentException($"decay must not be negative; got {decay}.");
        Decay = decay;
    }

    /// <summary>The learning rate before decay.</summary>
    public double Lr
    {
        get => _lr;
        set => _lr = value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"The learning rate must be positive and finite; got {value}.");
    }

    private double _lr;

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
                using var g = w.StepGradient();
                if (g is null) continue;
                Update(w.Value, g, SlotsOf(w), lr);
                w.ClearGradients();
            }
        }
        foreach (var w in weights) w.ApplyConstraint();
        Iterations++;
    }

    /// <summary>The optimizer's arguments as Keras's <c>get_config()</c> gives them (for a model file's training_config).</summary>
    internal abstract System.Text.Json.Nodes.JsonObject KerasConfig();

    /// <summary>Whether Keras 2.2's <c>optimizer.get_weights()</c> starts with <c>iterations</c> (SGD and Adam); RMSprop's and Adadelta's do not.</summary>
    internal virtual bool KerasWeightsStartWithIterations => true;

    /// <summary>
    /// The shape of the state Keras 2.1-2.3 keeps per weight beside this optimizer's own, which KerasSharp does not use:
    /// Adam's <c>vhat</c> (zeros of shape (1,) unless amsgrad); null for none.
    /// </summary>
    internal virtual Shape? Keras2UnusedSlot => null;

    /// <summary>How many state tensors Keras 3's optimizer keeps per weight; Keras 3's SGD keeps none without momentum.</summary>
    internal virtual int Keras3SlotCount => SlotCount;

    /// <summary>How many state tensors (moments, accumulators) each weight has here and in Keras 2.</summary>
    internal int StateCount => SlotCount;

    /// <summary>
    /// The state in KerasSharp's one order, weight by weight (for each weight, each kind: Adam's m then v), each in the
    /// weight's Keras layout, copied to the CPU. File formats permute it as they need (Saving.OptimizerState).
    /// </summary>
    internal IEnumerable<Tensor> GetState(IReadOnlyList<Weight> weights) =>
        weights.SelectMany(w => SlotsOf(w).Select(w.ToKerasLayout));

    /// <summary>The Keras shapes of the tensors <see cref="GetState"/> gives, in its order, without reading them.</summary>
    internal IEnumerable<Shape> StateShapes(IReadOnlyList<Weight> weights) => weights.SelectMany(w => Enumerable.Repeat(w.Shape, SlotCount));

    /// <summary>Sets the state from tensors in <see cref="GetState"/>'s order and layouts.</summary>
    internal void SetState(IReadOnlyList<Weight> weights, IReadOnlyList<Tensor> values)
    {
        if (values.Count != weights.Count * SlotCount)
            throw new InvalidDataException($"{GetType().Name} keeps {weights.Count * SlotCount} state tensors for this model, but {values.Count} were given.");
        using var _ = no_grad();
        for (int i = 0; i < weights.Count; i++)
        {
            var slots = SlotsOf(weights[i]);
            for (int k = 0; k < SlotCount; k++)
            {
                using var engine = weights[i].FromKerasLayout(values[i * SlotCount + k]);
                slots[k].copy_(engine);
            }
        }
    }

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
