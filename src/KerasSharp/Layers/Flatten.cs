using System.Text.Json.Nodes;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Flattens each sample in Keras's (H, W, C) order, so Dense weights match Keras's.</summary>
public sealed class Flatten : Layer
{
    /// <summary>A layer that flattens each sample to one axis, keeping the batch axis.</summary>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public Flatten(Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype) { }

    private protected override void AddConfig(JsonObject config) => config["data_format"] = "channels_last";

    internal static Flatten FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        return new Flatten(inputShape, name);
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape.Size <= int.MaxValue
        ? new((int)inputShape.Size)
        : throw new ArgumentException($"Layer '{Name}' (Flatten): its input {inputShape.ToBatchString()} holds {PyFormat.Thousands(inputShape.Size)} values per sample, more than one axis holds (2,147,483,647).");

    internal override Tensor Call(Tensor inputs, CallContext context) => Layout.ToKeras(inputs).reshape(inputs.shape[0], -1);
}
