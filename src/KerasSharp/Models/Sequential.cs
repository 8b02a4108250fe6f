using Keras.Layers;

namespace Keras.Models;

/// <summary>
/// A linear stack of layers, as <c>keras.models.Sequential</c>: <c>Add</c>, <c>Pop</c>, and everything a model does
/// (<see cref="BaseModel"/>). Inputs are channels-last (N, H, W, C) tensors. The first layer's <c>input_shape</c> makes
/// the model's input layer (named after it, <c>conv2d_1_input</c>), which <see cref="Layers"/> leaves out, as Keras's does.
/// </summary>
public sealed class Sequential : BaseModel
{
    private readonly List<Layer> _stack = new();
    private readonly List<KerasTensor> _chain = new();
    private KerasTensor? _input;

    /// <summary>An empty model, or one with these layers added in order. It takes the session's device (<see cref="Backend.Device"/>).</summary>
    /// <param name="layers">Layers to add, the first with an <c>input_shape</c>.</param>
    /// <param name="name">The model's name; <c>sequential_1</c> and so on by default.</param>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null) : base(name)
    {
        foreach (var layer in layers ?? Array.Empty<Layer>()) Add(layer);
    }

    /// <summary>The layers, without the implicit input layer (as Keras's <c>model.layers</c>).</summary>
    public override IReadOnlyList<Layer> Layers => _stack;

    /// <summary>Adds a layer on top of the model, building its weights for the shape it receives.</summary>
    /// <param name="layer">A layer (or a model); the first one needs an <c>input_shape</c>, is an <see cref="InputLayer"/>, or is a built model.</param>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer == this) throw new ArgumentException("A model cannot be added to itself.");
        if (_input is null)
        {
            var shape = layer is BaseModel { Built: true } nested ? nested.InputShape : layer.DeclaredInputShape ?? throw new ArgumentException(
                $"The first layer in a Sequential model must get an input_shape argument; '{layer.Name}' ({layer.GetType().Name}) has none. " +
                "Add input_shape: (32, 32, 3) (for example) to it, or add an InputLayer first.");
            var inputLayer = layer as InputLayer ?? new InputLayer(shape, $"{layer.Name}_input");
            inputLayer.EnsureBuilt(new[] { shape }, Device, Random);
            _input = new KerasTensor(shape);
            _ = new Node(inputLayer, Array.Empty<KerasTensor>(), new[] { _input });
            if (layer is InputLayer)
            {
                SetGraph(new[] { _input }, new[] { _input });
                return;
            }
        }
        else if (layer is InputLayer)
        {
            throw new ArgumentException($"An InputLayer can only be the first layer of a Sequential model; '{Name}' already has layers.");
        }
        var outputs = layer.ApplyIn(new[] { _chain.Count > 0 ? _chain[^1] : _input }, Device, Random);
        if (outputs.Count != 1)
        {
            layer.InboundNodes.Remove(outputs[0].Node);
            throw new ArgumentException($"Layer '{layer.Name}' makes {outputs.Count} outputs; a Sequential model takes layers of one output.");
        }
        try
        {
            SetGraph(new[] { _input }, outputs);
        }
        catch
        {
            layer.InboundNodes.Remove(outputs[0].Node);
            throw;
        }
        _stack.Add(layer);
        _chain.Add(outputs[0]);
    }

    /// <summary>Removes the last layer, as Keras's <c>model.pop()</c>.</summary>
    public void Pop()
    {
        if (_stack.Count == 0) throw new InvalidOperationException("There are no layers in the model to remove.");
        _stack[^1].InboundNodes.Remove(_chain[^1].Node);
        _stack.RemoveAt(_stack.Count - 1);
        _chain.RemoveAt(_chain.Count - 1);
        SetGraph(new[] { _input! }, new[] { _chain.Count > 0 ? _chain[^1] : _input! });
    }
}
