using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>_Pooling2D</c>: what max and average pooling share over (H, W, C) images, a window (pool_size, (2, 2) by
/// default), its steps (strides, the pool size by default) and Keras's 'valid' or 'same' padding.
/// </summary>
public abstract class Pooling2D : Layer
{
    /// <summary>A pooling layer over windows of channels-last images.</summary>
    /// <param name="pool_size">Height and width of the window: an int or a pair; (2, 2) by default.</param>
    /// <param name="strides">Step of the window: an int or a pair; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (pad so that the output keeps the input's size at stride 1), as in Keras.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    private protected Pooling2D(Shape? pool_size, Shape? strides, string padding, Shape? input_shape, string? name, string? dtype)
        : base(name, input_shape, dtype)
    {
        PoolSize = SpatialGeometry.Pair(pool_size ?? (2, 2), nameof(pool_size));
        Strides = strides is null ? PoolSize : SpatialGeometry.Pair(strides, nameof(strides));
        Padding = SpatialGeometry.ValidatePadding(padding);
    }

    /// <summary>Height and width of the window.</summary>
    public (int, int) PoolSize { get; }
    /// <summary>Steps of the window along height and width.</summary>
    public (int, int) Strides { get; }
    /// <summary><c>valid</c> or <c>same</c>.</summary>
    public string Padding { get; }

    /// <summary>'same' padding as libtorch's pad takes it (left, right, top, bottom); null when none is needed.</summary>
    private protected long[]? Pads { get; private set; }

    private protected long[] Window => new long[] { PoolSize.Item1, PoolSize.Item2 };

    private protected long[] Step => new long[] { Strides.Item1, Strides.Item2 };

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        var rows = SpatialGeometry.Axis(inputShape[0], PoolSize.Item1, Strides.Item1, 1, Padding, this);
        var cols = SpatialGeometry.Axis(inputShape[1], PoolSize.Item2, Strides.Item2, 1, Padding, this);
        if (rows.Before + rows.After + cols.Before + cols.After > 0)
            Pads = new long[] { cols.Before, cols.After, rows.Before, rows.After };
        return (rows.Output, cols.Output, inputShape[2]);
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["pool_size"] = new JsonArray(PoolSize.Item1, PoolSize.Item2);
        config["padding"] = Padding;
        config["strides"] = new JsonArray(Strides.Item1, Strides.Item2);
        config["data_format"] = "channels_last";
    }

    /// <summary>A config's pool_size, strides and padding, once its data_format is checked.</summary>
    private protected static (Shape? PoolSize, Shape? Strides, string Padding) Arguments(Saving.LayerArguments args)
    {
        args.ChannelsLast();
        return (args.Sizes("pool_size"), args.Sizes("strides"), args.Padding());
    }
}
