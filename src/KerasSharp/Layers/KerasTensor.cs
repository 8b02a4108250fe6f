namespace Keras.Layers;

/// <summary>
/// A symbolic tensor of the functional API, as Keras's <c>KerasTensor</c>: what <see cref="Input"/> gives and what a
/// layer applied to symbolic tensors returns (<c>new Dense(32).Apply(x)</c>). It holds no values, only the shape of one
/// sample and the layer call that made it, so that <c>new Model(inputs, outputs)</c> can trace the graph between them.
/// </summary>
public class KerasTensor : BaseLayer
{
    internal KerasTensor(Shape shape) => Shape = shape;

    /// <summary>The shape of one sample, without the batch axis.</summary>
    public Shape Shape { get; }

    /// <summary>The call of a layer that made this tensor; set when the call is recorded.</summary>
    internal Node Node { get; set; } = null!;

    /// <summary>This tensor's position among the call's outputs.</summary>
    internal int Index { get; set; }

    /// <summary>The layer that made this tensor.</summary>
    public Layer Layer => Node.Layer;

    internal override KerasTensor AsTensor() => this;

    /// <summary>As Keras prints it: the shape with its batch axis, and the layer, call and output that made it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"<KerasTensor shape={Shape.ToBatchString()} from {Layer.Name}[{Node.IndexInLayer}][{Index}]>";
}
