using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Where a model's data enter, as Keras's <c>InputLayer</c>: <see cref="Input"/> makes one, and a Sequential model makes
/// one from its first layer's <c>input_shape</c> (or takes one added first).
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>Declares the shape of the model's input.</summary>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>.</param>
    /// <param name="name">The layer's name; <c>input_1</c> and so on by default.</param>
    public InputLayer(Shape input_shape, string? name = null)
        : base(name, input_shape ?? throw new ArgumentNullException(nameof(input_shape))) { }

    private protected override string DefaultNamePrefix => "input";

    /// <summary>As Keras 2.2's InputLayer writes its config: batch_input_shape, dtype, sparse and name, no trainable.</summary>
    internal override JsonObject GetConfig() => new()
    {
        ["batch_input_shape"] = new JsonArray(new JsonNode?[] { null }.Concat(OutputShape.Dims.Select(d => (JsonNode?)d)).ToArray()),
        ["dtype"] = "float32",
        ["sparse"] = false,
        ["name"] = Name,
    };

    internal static InputLayer FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        // tf.keras and Keras 3 write these for every InputLayer.
        args.Unsupported("sparse", "sparse inputs are not supported");
        args.Unsupported("ragged", "ragged inputs are not supported");
        args.Unsupported("optional", "optional inputs are not supported");
        args.Optional("input_tensor", _ => "an input_tensor is not supported");
        return new InputLayer(inputShape ?? throw args.Error("batch_input_shape", "an InputLayer needs it"), name);
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, CallContext context) => inputs;
}
