using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Applies an activation function by name: relu, softmax, sigmoid, tanh, linear, elu, selu, softplus.</summary>
public sealed class Activation : Layer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    /// <summary>A layer that applies an activation function to its input.</summary>
    /// <param name="activation">The function's Keras name, such as <c>"relu"</c> or <c>"softmax"</c>.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public Activation(string activation, Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype)
    {
        Function = Activations.Validate(activation);
    }

    /// <summary>The activation's name.</summary>
    public string Function { get; }

    /// <inheritdoc/>
    public override string? ActivationName => Function;

    private protected override void AddConfig(JsonObject config) => config["activation"] = Function;

    internal static Activation FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) =>
        new(args.Activation(), inputShape, name);

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, CallContext context) => Activations.Apply(Function, inputs, Layout.ChannelAxis(inputs));
}
