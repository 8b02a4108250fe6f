using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>_Pooling1D</c>: what max and average pooling over (timesteps, channels) sequences share, a window
/// (pool_size, 2 by default), its step (strides, the pool size by default) and Keras's 'valid' or 'same' padding.
/// </summary>
public abstract class Pooling1D : Layer
{
    /// <summary>A pooling layer over windows of sequences.</summary>
    /// <param name="pool_size">The window's length; 2 by default.</param>
    /// <param name="strides">The window's step; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>, as in Keras.</param>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    private protected Pooling1D(int pool_size, int? strides, string padding, Shape? input_shape, string? name, string? dtype) : base(name, input_shape, dtype)
    {
        if (pool_size <= 0 || strides <= 0) throw new ArgumentException($"pool_size and strides must be positive; got {pool_size} and {strides}.");
        (PoolSize, Strides, Padding) = (pool_size, strides ?? pool_size, SpatialGeometry.ValidatePadding(padding));
    }

    /// <summary>The window's length.</summary>
    public int PoolSize { get; }
    /// <summary>The window's step.</summary>
    public int Strides { get; }
    /// <summary><c>valid</c> or <c>same</c>.</summary>
    public string Padding { get; }

    /// <summary>'same' padding as libtorch's pad takes it (before, after); null when none is needed.</summary>
    private protected long[]? Pads { get; private set; }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        if (inputShape.Rank != 2)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) pools sequences (timesteps, channels); it was applied to {inputShape.ToBatchString()}.");
        var axis = SpatialGeometry.Axis(inputShape[0], PoolSize, Strides, 1, Padding, this);
        if (axis.Before + axis.After > 0) Pads = new long[] { axis.Before, axis.After };
        return (axis.Output, inputShape[1]);
    }

    internal override Tensor Call(Tensor inputs, CallContext context) => Pool(inputs.permute(0, 2, 1)).permute(0, 2, 1);

    /// <summary>Pools (N, C, T) along T.</summary>
    private protected abstract Tensor Pool(Tensor x);

    private protected override void AddConfig(JsonObject config)
    {
        config["strides"] = new JsonArray(Strides);
        config["pool_size"] = new JsonArray(PoolSize);
        config["padding"] = Padding;
        config["data_format"] = "channels_last";
    }

    /// <summary>A config's pool_size, strides and padding, once its data_format is checked.</summary>
    private protected static (int PoolSize, int? Strides, string Padding) Arguments(Saving.LayerArguments args)
    {
        args.ChannelsLast();
        return (Conv1D.One(args, "pool_size") ?? 2, Conv1D.One(args, "strides"), args.Padding());
    }
}
