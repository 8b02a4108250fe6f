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

    protected Layer(string? name, Shape? input_shape)
    {
        Name = name ?? $"{Backend.ToSnakeCase(GetType().Name)}_{Backend.GetUid(Backend.ToSnakeCase(GetType().Name))}";
        DeclaredInputShape = input_shape;
    }

    public string Name { get; }

    /// <summary>The <c>input_shape</c> given to the constructor, if any.</summary>
    public Shape? DeclaredInputShape { get; }

    public Shape InputShape => _inputShape ?? throw NotBuilt();
    public Shape OutputShape => _outputShape ?? throw NotBuilt();
    private Shape? _inputShape;
    private Shape? _outputShape;

    public bool Built => _outputShape is not null;

    public IReadOnlyList<Weight> Weights => _weights;
    public IEnumerable<Weight> TrainableWeights => _weights.Where(w => w.Trainable);
    public IEnumerable<Weight> NonTrainableWeights => _weights.Where(w => !w.Trainable);

    /// <summary>Name of the activation this layer applies, for printouts; null when it has none.</summary>
    public virtual string? ActivationName => null;

    public long CountParams() => _weights.Sum(w => w.Size);

    /// <summary>The weights as tensors in Keras's layouts, in Keras's order.</summary>
    public Tensor[] GetWeights() => _weights.Select(w => w.Get()).ToArray();

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
    protected abstract Shape Build(Shape inputShape, Device device);

    /// <summary>Runs the layer on a batch in engine layout.</summary>
    internal abstract Tensor Call(Tensor inputs, bool training);

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

    public override string ToString() => $"{Name} ({GetType().Name})";
}
