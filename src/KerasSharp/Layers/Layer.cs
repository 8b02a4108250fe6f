using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Base of every layer. Shapes are Keras shapes without the batch axis. Inside the engine, images
/// travel as (N, C, H, W) views of channels-last memory (see <see cref="Layout"/>).
/// </summary>
public abstract class Layer
{
    private readonly List<Weight> _weights = new();

    /// <summary>Names the layer and keeps its declared input shape.</summary>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<see cref="MixedPrecision"/>).</param>
    protected Layer(string? name, Shape? input_shape, string? dtype = null)
    {
        Name = name ?? $"{Backend.ToSnakeCase(GetType().Name)}_{Backend.GetUid(Backend.ToSnakeCase(GetType().Name))}";
        DeclaredInputShape = input_shape;
        DtypePolicy = dtype is null ? MixedPrecision.GlobalPolicy() : new Policy(dtype);
    }

    /// <summary>The dtype policy: what the layer computes in (its variables are float32 whatever it is).</summary>
    public Policy DtypePolicy { get; internal set; }

    /// <summary>Floating inputs in the layer's compute type, as Keras's layers cast them.</summary>
    internal Tensor Autocast(Tensor inputs) =>
        inputs.is_floating_point() && inputs.dtype != DtypePolicy.Compute ? inputs.to(DtypePolicy.Compute) : inputs;

    /// <summary>A variable's value in the layer's compute type: under a mixed policy through <paramref name="cast"/> (by default a plain cast), kept for a whole prediction pass (<see cref="ComputeCasts"/>).</summary>
    private protected Tensor Computed(Weight weight, Func<Tensor, Tensor>? cast = null) =>
        DtypePolicy.IsMixed ? ComputeCasts.Of(weight, cast ?? (value => value.to(DtypePolicy.Compute))) : weight.Value;

    /// <summary>The layer's name, as Keras prints it in summaries and weight names.</summary>
    public string Name { get; }

    /// <summary>The <c>input_shape</c> given to the constructor, if any.</summary>
    public Shape? DeclaredInputShape { get; }

    /// <summary>The shape the layer receives, once it is part of a model.</summary>
    public Shape InputShape => _inputShape ?? throw NotBuilt();
    /// <summary>The shape the layer produces, once it is part of a model.</summary>
    public Shape OutputShape => _outputShape ?? throw NotBuilt();
    private Shape? _inputShape;
    private Shape? _outputShape;

    /// <summary>Whether the layer is part of a model and has its weights.</summary>
    public bool Built => _outputShape is not null;

    /// <summary>All the layer's weights, in Keras's order.</summary>
    public IReadOnlyList<Weight> Weights => _weights;
    /// <summary>The weights the optimizer updates.</summary>
    public IEnumerable<Weight> TrainableWeights => _weights.Where(w => w.Trainable);
    /// <summary>The weights updated otherwise (BatchNormalization's moving statistics).</summary>
    public IEnumerable<Weight> NonTrainableWeights => _weights.Where(w => !w.Trainable);

    /// <summary>Name of the activation this layer applies, for printouts; null when it has none.</summary>
    public virtual string? ActivationName => null;

    /// <summary>The number of scalars in all the layer's weights.</summary>
    public long CountParams() => _weights.Sum(w => w.Size);

    /// <summary>The weights as tensors in Keras's layouts, in Keras's order.</summary>
    public Tensor[] GetWeights() => _weights.Select(w => w.Get()).ToArray();

    /// <summary>Sets every weight from tensors in Keras's layouts and order, as <see cref="GetWeights"/> returns them.</summary>
    /// <param name="values">One tensor per weight, each of that weight's Keras shape.</param>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        if (values.Count != _weights.Count)
            throw new ArgumentException($"Layer '{Name}' has {_weights.Count} weights, but {values.Count} values were given.");
        for (int i = 0; i < values.Count; i++) _weights[i].Set(values[i]);
    }

    /// <summary>Builds the layer once, for the shape it receives in a model, with its weights on the model's device.</summary>
    internal void Connect(Shape inputShape, Device device)
    {
        if (Built) throw new InvalidOperationException($"Layer '{Name}' is already part of a model; create a new layer instead.");
        _outputShape = Build(inputShape, device);
        _inputShape = inputShape;
    }

    /// <summary>Creates the weights for an input shape and returns the output shape.</summary>
    /// <param name="inputShape">The shape the layer receives, without the batch axis.</param>
    /// <param name="device">The model's device, where weights must live.</param>
    /// <returns>The shape the layer produces.</returns>
    protected abstract Shape Build(Shape inputShape, Device device);

    /// <summary>Runs the layer on a batch in engine layout.</summary>
    internal abstract Tensor Call(Tensor inputs, bool training);

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
        using var scope = NewDisposeScope();
        Tensor kerasValue = initializer.Generate(kerasShape);
        Tensor value = (fromKeras is null ? kerasValue : fromKeras(kerasValue)).to(device).contiguous();
        var weight = new Weight($"{Name}/{name}:0", kerasShape, value, trainable, constraint, toKeras, fromKeras);
        _weights.Add(weight);
        return weight;
    }

    private InvalidOperationException NotBuilt() =>
        new($"Layer '{Name}' has not been built yet: add it to a model whose first layer has an input_shape.");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({GetType().Name})";
}
