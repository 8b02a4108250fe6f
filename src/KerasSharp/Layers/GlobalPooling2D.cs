using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>_GlobalPooling2D</c>: what global max and average pooling share, (H, W, C) images to (C).</summary>
public abstract class GlobalPooling2D : Layer
{
    /// <summary>Pools each channel of channels-last images to one value.</summary>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    private protected GlobalPooling2D(Shape? input_shape, string? name, string? dtype) : base(name, input_shape, dtype)
    {
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        return new Shape(inputShape[2]);
    }

    private protected override void AddConfig(JsonObject config) => config["data_format"] = "channels_last";

    /// <summary>Checks a config's arguments: channels last, no keepdims.</summary>
    private protected static void CheckArguments(Saving.LayerArguments args)
    {
        args.ChannelsLast();
        args.Unsupported("keepdims", "keepdims is not supported");
    }
}
