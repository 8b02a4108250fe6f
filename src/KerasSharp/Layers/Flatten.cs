using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Flattens each sample in Keras's (H, W, C) order, so Dense weights match Keras's.</summary>
public sealed class Flatten : Layer
{
    public Flatten(Shape? input_shape = null, string? name = null) : base(name, input_shape) { }

    protected override Shape Build(Shape inputShape, Device device) => new((int)inputShape.Size);

    internal override Tensor Call(Tensor inputs, bool training) => Layout.ToKeras(inputs).reshape(inputs.shape[0], -1);
}
