using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Declares a model's input shape; Sequential creates one from the first layer's input_shape.</summary>
public sealed class InputLayer : Layer
{
    public InputLayer(Shape input_shape, string? name = null)
        : base(name ?? $"input_{Backend.GetUid("input")}", input_shape ?? throw new ArgumentNullException(nameof(input_shape))) { }

    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, bool training) => inputs;
}
