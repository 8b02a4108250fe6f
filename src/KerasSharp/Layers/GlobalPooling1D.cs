using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>_GlobalPooling1D</c>: what global max and average pooling of sequences share, (timesteps, channels) to (channels).</summary>
public abstract class GlobalPooling1D : Layer
{
    /// <summary>Pools each channel of sequences to one value.</summary>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    private protected GlobalPooling1D(Shape? input_shape, string? name, string? dtype) : base(name, input_shape, dtype)
    {
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape.Rank == 2 ? new Shape(inputShape[1])
        : throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) pools sequences (timesteps, channels); it was applied to {inputShape.ToBatchString()}.");

    private protected override void AddConfig(JsonObject config) => config["data_format"] = "channels_last";

    /// <summary>Checks a config's arguments: channels last, no keepdims.</summary>
    private protected static void CheckArguments(Saving.LayerArguments args)
    {
        args.ChannelsLast();
        args.Unsupported("keepdims", "keepdims is not supported");
    }
}
