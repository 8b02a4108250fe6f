using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Base of every layer. Shapes are Keras shapes without the batch axis. Inside the engine, images travel as
/// (N, C, H, W) views of channels-last memory (see <see cref="Layout"/>). A layer is built (its weights made) the
/// first time it is applied, in a Sequential model or to symbolic tensors (<see cref="Apply"/>); applied again, it
/// shares those weights.
/// </summary>
public abstract class Layer : BaseLayer
{
    private readonly List<Weight> _weights = new();
    private IReadOnlyList<Shape>? _inputShapes, _outputShapes;
    private RandomState? _buildRandom;

    /// <summary>Names the layer and keeps its declared input shape.</summary>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<see cref="MixedPrecision"/>).</param>
    protected Layer(string? name, Shape? input_shape, string? dtype = null)
    {
        Name = name ?? $"{DefaultNamePrefix}_{Backend.GetUid(DefaultNamePrefix)}";
        DeclaredInputShape = input_shape;
        DtypePolicy = dtype is null ? MixedPrecision.GlobalPolicy() : new Policy(dtype);
    }

    /// <summary>The prefix of the layer's default name: its class in snake_case (<c>conv2d</c>), as Keras names layers.</summary>
    private protected virtual string DefaultNamePrefix => Backend.ToSnakeCase(GetType().Name);

    /// <summary>The dtype policy: what the layer computes in (its variables are float32 whatever it is).</summary>
    public Policy DtypePolicy { get; internal set; }

    /// <summary>Floating inputs in the layer's compute type, as Keras's layers cast them.</summary>
    internal virtual Tensor Autocast(Tensor inputs) =>
        inputs.is_floating_point() && inputs.dtype != DtypePolicy.Compute ? inputs.to(DtypePolicy.Compute) : inputs;

    /// <summary>A variable's value in the layer's compute type: under a mixed policy through <paramref name="cast"/> (by default a plain cast), once per pass (<see cref="ComputeCasts"/>).</summary>
    private protected Tensor Computed(Weight weight, CallContext context, Func<Tensor, Tensor>? cast = null)
    {
        if (!DtypePolicy.IsMixed) return weight.Value;
        cast ??= value => value.to(DtypePolicy.Compute);
        return context.Casts is { } kept ? kept.Of(weight, cast) : cast(weight.Value);
    }

    /// <summary>The layer's name, as Keras prints it in summaries and weight names.</summary>
    public string Name { get; }

    /// <summary>The <c>input_shape</c> given to the constructor, if any.</summary>
    public Shape? DeclaredInputShape { get; }

    /// <summary>The calls of this layer in functional graphs, in order (Keras's inbound nodes).</summary>
    internal List<Node> InboundNodes { get; } = new();

    /// <summary>The shape the layer receives (its first input's, for a layer that takes several), once built.</summary>
    public virtual Shape InputShape => InputShapes[0];
    /// <summary>The shape the layer produces (its first output's), once built.</summary>
    public virtual Shape OutputShape => OutputShapes[0];

    /// <summary>The shapes of every input the layer receives, once built.</summary>
    public virtual IReadOnlyList<Shape> InputShapes => _inputShapes ?? throw NotBuilt();
    /// <summary>The shapes of every output the layer produces, once built.</summary>
    public virtual IReadOnlyList<Shape> OutputShapes => _outputShapes ?? throw NotBuilt();

    /// <summary>Whether the layer has been applied and has its weights.</summary>
    public virtual bool Built => _outputShapes is not null;

    /// <summary>All the layer's weights, in Keras's order.</summary>
    public virtual IReadOnlyList<Weight> Weights => _weights;
    /// <summary>The weights the optimizer updates.</summary>
    public IEnumerable<Weight> TrainableWeights => Weights.Where(w => w.Trainable);
    /// <summary>The weights updated otherwise (BatchNormalization's moving statistics).</summary>
    public IEnumerable<Weight> NonTrainableWeights => Weights.Where(w => !w.Trainable);

    /// <summary>Name of the activation this layer applies, for printouts; null when it has none.</summary>
    public virtual string? ActivationName => null;

    /// <summary>The number of scalars in all the layer's weights.</summary>
    public long CountParams() => Weights.Sum(w => w.Size);

    /// <summary>The weights as tensors in Keras's layouts, in Keras's order.</summary>
    public Tensor[] GetWeights() => Weights.Select(w => w.Get()).ToArray();

    /// <summary>Sets every weight from tensors in Keras's layouts and order, as <see cref="GetWeights"/> returns them.</summary>
    /// <param name="values">One tensor per weight, each of that weight's Keras shape.</param>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new ArgumentException($"Layer '{Name}' has {weights.Count} weights, but {values.Count} values were given.");
        for (int i = 0; i < values.Count; i++) weights[i].Set(values[i]);
    }

    /// <summary>
    /// Applies the layer to symbolic tensors, as Keras's <c>layer(x)</c>: builds it on the first call (its weights on
    /// the current session's device), records the call, and returns the tensor it makes. Inputs are <see cref="Input"/>s,
    /// tensors earlier calls returned, or layers applied exactly once (standing for their output).
    /// </summary>
    /// <param name="inputs">The tensor, or the tensors of a layer that takes several (Concatenate...).</param>
    /// <returns>The output tensor.</returns>
    public KerasTensor Apply(params BaseLayer[] inputs)
    {
        var outputs = ApplyIn(Tensors(inputs), Session.Current.Device, Session.Current.Random);
        return outputs.Count == 1 ? outputs[0]
            : throw new InvalidOperationException($"Layer '{Name}' makes {outputs.Count} outputs; Apply returns one. Use ApplyAll.");
    }

    /// <summary>Keras.NET's name for <see cref="Apply"/>: <c>new Dense(32).Set(input)</c>.</summary>
    /// <param name="inputs">The tensor, or the tensors of a layer that takes several.</param>
    /// <returns>The output tensor.</returns>
    public KerasTensor Set(params BaseLayer[] inputs) => Apply(inputs);

    /// <summary>Applies the layer, as <see cref="Apply"/>, and returns every output it makes.</summary>
    /// <param name="inputs">The tensor, or the tensors of a layer that takes several.</param>
    /// <returns>The output tensors.</returns>
    public IReadOnlyList<KerasTensor> ApplyAll(params BaseLayer[] inputs) => ApplyIn(Tensors(inputs), Session.Current.Device, Session.Current.Random);

    private IReadOnlyList<KerasTensor> Tensors(BaseLayer[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException($"Layer '{Name}' must be applied to at least one tensor.");
        return inputs.Select(i => (i ?? throw new ArgumentNullException(nameof(inputs), $"Layer '{Name}' was applied to a null tensor.")).AsTensor()).ToList();
    }

    /// <summary>Builds the layer if needed (weights on <paramref name="device"/>, drawn from <paramref name="random"/>), records the call and returns its outputs.</summary>
    internal IReadOnlyList<KerasTensor> ApplyIn(IReadOnlyList<KerasTensor> inputs, Device device, RandomState random)
    {
        var shapes = inputs.Select(t => t.Shape).ToList();
        EnsureBuilt(shapes, device, random);
        var outputs = OutputShapes.Select(s => new KerasTensor(s)).ToList();
        _ = new Node(this, inputs, outputs);
        return outputs;
    }

    /// <summary>Builds the layer for these input shapes the first time; later, checks that they are the same.</summary>
    internal void EnsureBuilt(IReadOnlyList<Shape> shapes, Device device, RandomState random)
    {
        if (Built)
        {
            if (!shapes.SequenceEqual(InputShapes))
                throw new ArgumentException(
                    $"Layer '{Name}' ({GetType().Name}) was built for inputs {string.Join(", ", InputShapes.Select(s => s.ToBatchString()))} and is now applied to " +
                    $"{string.Join(", ", shapes.Select(s => s.ToBatchString()))}; a shared layer takes inputs of the shapes it was built for.");
            return;
        }
        _buildRandom = random;
        try
        {
            Saving.ConfigLimits.CheckOutputs(this, shapes);
            var outputs = Build(shapes, device).ToList();
            Saving.ConfigLimits.CheckOutputs(this, outputs);
            _outputShapes = outputs;
            _inputShapes = shapes.ToList();
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}): its sizes for inputs {string.Join(", ", shapes.Select(s => s.ToBatchString()))} overflow; they are too large.");
        }
        finally
        {
            _buildRandom = null;
        }
    }

    /// <summary>
    /// The scope of the layer's weight names, <c>scope/kernel:0</c>; its own name by default. A wrapper builds the layer
    /// it wraps in its own scope, as Keras does (<c>time_distributed_1/kernel:0</c>, <c>bidirectional_1/forward_lstm_1/kernel:0</c>).
    /// </summary>
    internal string? WeightScope { get; set; }

    /// <summary>The random numbers the layer's weights are drawn from while it builds: its model's, or the session's.</summary>
    private protected RandomState BuildRandom => _buildRandom ?? Session.Current.Random;

    /// <summary>The tensor the layer was applied to, as Keras's <c>layer.input</c>: defined for a layer applied once, to one tensor.</summary>
    public KerasTensor Input => InboundNodes is [{ Inputs: [var single] }] ? single
        : throw new InvalidOperationException($"Layer '{Name}' has {InboundNodes.Count} calls{(InboundNodes.Count == 1 ? $" of {InboundNodes[0].Inputs.Count} inputs" : "")}; its input is defined for one call of one input.");

    /// <summary>The tensor the layer made, as Keras's <c>layer.output</c>: defined for a layer applied once, with one output.</summary>
    public KerasTensor Output => AsTensor();

    internal override KerasTensor AsTensor() => InboundNodes is [{ Outputs: [var single] }]
        ? single
        : throw new ArgumentException(InboundNodes.Count == 0
            ? $"Layer '{Name}' stands where a tensor is expected, but it has not been applied to anything yet: apply it first (layer.Apply(x))."
            : $"Layer '{Name}' stands where a tensor is expected, but it has been applied {InboundNodes.Count} times or makes several outputs: pass the tensor a call returned.");

    /// <summary>Creates the weights for an input shape and returns the output shape (single-input layers override this).</summary>
    /// <param name="inputShape">The shape the layer receives, without the batch axis.</param>
    /// <param name="device">The model's device, where weights must live.</param>
    /// <returns>The shape the layer produces.</returns>
    protected virtual Shape Build(Shape inputShape, Device device) =>
        throw new NotSupportedException($"Layer '{Name}' ({GetType().Name}) does not take a single input.");

    /// <summary>Creates the weights for the shapes of every input and returns the output shapes; by default one input, one output.</summary>
    /// <param name="inputShapes">The shapes the layer receives, without the batch axis.</param>
    /// <param name="device">The model's device, where weights must live.</param>
    /// <returns>The shapes the layer produces.</returns>
    protected virtual IReadOnlyList<Shape> Build(IReadOnlyList<Shape> inputShapes, Device device)
    {
        if (inputShapes.Count != 1)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes one input; it was applied to {inputShapes.Count}.");
        return new[] { Build(inputShapes[0], device) };
    }

    /// <summary>Runs the layer on a batch in engine layout (single-input layers override this).</summary>
    internal virtual Tensor Call(Tensor inputs, CallContext context) =>
        throw new NotSupportedException($"Layer '{Name}' ({GetType().Name}) does not take a single input.");

    /// <summary>Runs the layer on the batches of each input, in engine layout; by default one input, one output.</summary>
    internal virtual IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) => new[] { Call(inputs[0], context) };

    /// <summary>
    /// Runs the layer with its inputs' masks (boolean (batch, timesteps), from an Embedding's mask_zero) and returns its
    /// outputs with theirs, as Keras's <c>call(x, mask)</c> and <c>compute_mask</c>. By default the layer ignores the masks
    /// and hands them on (<see cref="ComputeMask"/>); recurrent layers skip masked steps.
    /// </summary>
    internal virtual (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, CallContext context) =>
        (Call(inputs, context), ComputeMask(inputs, masks));

    /// <summary>Whether the layer hands a mask on unchanged, as Keras's <c>supports_masking</c>; a layer that does not refuses one.</summary>
    private protected virtual bool SupportsMasking => false;

    /// <summary>
    /// The masks of the layer's outputs, as Keras's <c>compute_mask</c>: none without input masks; else, for a layer that
    /// supports masking, the inputs' masks combined (all of them must hold), one per output; a layer that does not is an error.
    /// </summary>
    internal virtual IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        var given = masks.OfType<Tensor>().ToList();
        if (given.Count == 0) return OutputShapes.Select(_ => (Tensor?)null).ToList();
        if (!SupportsMasking)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) does not support masking, but its input carries a mask (an Embedding's mask_zero): " +
                                        "put a recurrent layer between them, or build the Embedding without mask_zero.");
        var combined = given.Skip(1).Aggregate(given[0], (all, m) => all.logical_and(m));
        return OutputShapes.Select(_ => (Tensor?)combined).ToList();
    }

    /// <summary>Creates a weight of the layer on <paramref name="device"/>, initialised in Keras's layout.</summary>
    /// <param name="name">The variable's short name, such as <c>kernel</c>; it becomes <c>layer/kernel:0</c>.</param>
    /// <param name="kerasShape">Its shape in Keras's layout.</param>
    /// <param name="initializer">How it starts.</param>
    /// <param name="device">Where it lives: the model's device.</param>
    /// <param name="trainable">Whether the optimizer updates it.</param>
    /// <param name="constraint">Applied after every update, if any.</param>
    /// <param name="toKeras">Turns the engine tensor into a view in Keras's layout, when the layouts differ.</param>
    /// <param name="fromKeras">Turns a tensor in Keras's layout into the engine's.</param>
    /// <returns>The new weight, also added to <see cref="Weights"/>.</returns>
    protected Weight AddWeight(string name, Shape kerasShape, Initializer initializer, Device device, bool trainable = true,
        Constraint? constraint = null, Func<Tensor, Tensor>? toKeras = null, Func<Tensor, Tensor>? fromKeras = null)
    {
        Saving.ConfigLimits.Charge(this, name, kerasShape);
        using var scope = NewDisposeScope();
        Tensor value;
        try
        {
            Tensor kerasValue = initializer.Generate(kerasShape, BuildRandom.For(CPU));
            value = (fromKeras is null ? kerasValue : fromKeras(kerasValue)).to(device).contiguous();
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // libtorch's allocator refused: its message carries C++ frames; the first line says why.
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}): its {name} of shape {kerasShape} ({PyFormat.Thousands(kerasShape.Size)} values) could not be made: " +
                                        $"{e.Message.Split('\n')[0].Trim()}.", e);
        }
        var weight = new Weight($"{WeightScope ?? Name}/{name}:0", kerasShape, value, trainable, constraint, toKeras, fromKeras);
        _weights.Add(weight);
        return weight;
    }

    /// <summary>
    /// The layer's config as Keras 2.2's <c>get_config()</c> gives it: its name, trainable, a mixed dtype policy (as
    /// tf.keras writes one), then its own arguments (<see cref="AddConfig"/>). A model adds <c>batch_input_shape</c> for
    /// its first layer.
    /// </summary>
    internal virtual JsonObject GetConfig()
    {
        var config = new JsonObject { ["name"] = Name, ["trainable"] = true };
        if (DtypePolicy.IsMixed)
            config["dtype"] = new JsonObject { ["class_name"] = "Policy", ["config"] = new JsonObject { ["name"] = DtypePolicy.Name } };
        AddConfig(config);
        return config;
    }

    /// <summary>Adds the layer's own arguments to its config, in Keras 2.2's order.</summary>
    private protected virtual void AddConfig(JsonObject config) =>
        throw new NotSupportedException($"Layer '{Name}' ({GetType().Name}) has no Keras config.");

    private InvalidOperationException NotBuilt() =>
        new($"Layer '{Name}' has not been built yet: add it to a model whose first layer has an input_shape, or apply it to an Input.");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({GetType().Name})";
}
