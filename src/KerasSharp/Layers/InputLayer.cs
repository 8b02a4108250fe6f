using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Declares a model's input shape; Sequential creates one from the first layer's input_shape.</summary>
public sealed class InputLayer : Layer
{
    /// <summary>Declares the shape of the model's input.</summary>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>.</param>
    /// <param name="name">The layer's name; <c>input_1</c> and so on by default.</param>
    public InputLayer(Shape input_shape, string? name = null)
        : base(name ?? $"input_{Backend.GetUid("input")}", input_shape ?? throw new ArgumentNullException(nameof(input_shape))) { }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, bool training) => inputs;
}
