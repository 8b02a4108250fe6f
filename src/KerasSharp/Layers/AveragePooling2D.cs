using System.Text.Json.Nodes;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>AveragePooling2D</c> over (H, W, C) images: pool_size (2, 2), strides = pool_size, padding 'valid' by
/// default. With 'same' padding a window that reaches past the edge averages the pixels it covers only, as
/// TensorFlow's average pooling does, also when Keras pads one more pixel after than before.
/// </summary>
public sealed class AveragePooling2D : Layer
{
    private long[]? _padding;

    /// <summary>Average pooling over windows of channels-last images.</summary>
    /// <param name="pool_size">Height and width of the window: an int or a pair; (2, 2) by default.</param>
    /// <param name="strides">Step of the window: an int or a pair; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>, as in Keras.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public AveragePooling2D(Shape? pool_size = null, Shape? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
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

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        var rows = SpatialGeometry.Axis(inputShape[0], PoolSize.Item1, Strides.Item1, 1, Padding, this);
        var cols = SpatialGeometry.Axis(inputShape[1], PoolSize.Item2, Strides.Item2, 1, Padding, this);
        if (rows.Before + rows.After + cols.Before + cols.After > 0)
            _padding = new long[] { cols.Before, cols.After, rows.Before, rows.After };
        return (rows.Output, cols.Output, inputShape[2]);
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        long[] window = { PoolSize.Item1, PoolSize.Item2 }, step = { Strides.Item1, Strides.Item2 };
        if (_padding is null) return F.avg_pool2d(inputs, window, step);
        // The padded cells count for nothing: the sum over each window divided by how many real pixels it covers.
        using var covered = F.pad(ones_like(inputs.narrow(1, 0, 1)), _padding);
        return F.avg_pool2d(F.pad(inputs, _padding), window, step) / F.avg_pool2d(covered, window, step);
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["pool_size"] = new JsonArray(PoolSize.Item1, PoolSize.Item2);
        config["padding"] = Padding;
        config["strides"] = new JsonArray(Strides.Item1, Strides.Item2);
        config["data_format"] = "channels_last";
    }

    internal static AveragePooling2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        return new AveragePooling2D(args.Sizes("pool_size"), args.Sizes("strides"), args.Padding(), inputShape, name);
    }
}
