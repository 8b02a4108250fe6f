using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Applies an activation function by name: relu, softmax, sigmoid, tanh, linear, elu, selu, softplus.</summary>
public sealed class Activation : Layer
{
    public Activation(string activation, Shape? input_shape = null, string? name = null) : base(name, input_shape)
    {
        Function = Activations.Validate(activation);
    }

    /// <summary>The activation's name.</summary>
    public string Function { get; }

    public override string? ActivationName => Function;

    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, bool training) => Activations.Apply(Function, inputs, Layout.ChannelAxis(inputs));
}
