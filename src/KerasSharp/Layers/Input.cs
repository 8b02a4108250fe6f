namespace Keras.Layers;

/// <summary>
/// The start of a functional model, as Keras's <c>Input(shape=...)</c> (and Keras.NET's <c>new Input(shape)</c>): a
/// symbolic tensor that an <see cref="InputLayer"/> makes, to which layers are applied.
/// </summary>
public sealed class Input : KerasTensor
{
    /// <summary>A symbolic input of one sample's shape.</summary>
    /// <param name="shape">The shape of one sample, without the batch axis, e.g. <c>(32, 32, 3)</c>.</param>
    /// <param name="name">The input layer's name; <c>input_1</c> and so on by default.</param>
    /// <param name="dtype">The input's type; KerasSharp's inputs are <c>float32</c>.</param>
    public Input(Shape shape, string? name = null, string dtype = "float32")
        : base(shape ?? throw new ArgumentNullException(nameof(shape)))
    {
        if (dtype != "float32") throw new ArgumentException($"Input dtype '{dtype}' is not supported; KerasSharp's inputs are float32.");
        Start(new InputLayer(shape, name));
    }

    /// <summary>The input an input layer made from a config makes, as Keras's InputLayer makes its tensor.</summary>
    internal Input(InputLayer layer) : base(layer.DeclaredInputShape!) => Start(layer);

    private void Start(InputLayer layer)
    {
        layer.EnsureBuilt(new[] { Shape }, Session.Current.Device, Session.Current.Random);
        _ = new Node(layer, Array.Empty<KerasTensor>(), new KerasTensor[] { this });
    }
}
