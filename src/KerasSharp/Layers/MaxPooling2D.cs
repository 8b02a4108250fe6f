using System.Text.Json.Nodes;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Keras.Layers;

/// <summary>Max pooling over (H, W, C) images: pool_size (2, 2), strides = pool_size, padding 'valid' by default.</summary>
public sealed class MaxPooling2D : Layer
{
    private long[]? _padding;

    /// <summary>Max pooling over windows of channels-last images.</summary>
    /// <param name="pool_size">Height and width of the window: an int or a pair; (2, 2) by default.</param>
    /// <param name="strides">Step of the window: an int or a pair; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (pad so that the output keeps the input's size at stride 1), as in Keras.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public MaxPooling2D(Shape? pool_size = null, Shape? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
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

    private protected override void AddConfig(JsonObject config)
    {
        config["pool_size"] = new JsonArray(PoolSize.Item1, PoolSize.Item2);
        config["padding"] = Padding;
        config["strides"] = new JsonArray(Strides.Item1, Strides.Item2);
        config["data_format"] = "channels_last";
    }

    internal static MaxPooling2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        return new MaxPooling2D(args.Sizes("pool_size"), args.Sizes("strides"), args.Padding(), inputShape, name);
    }

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
        // Padded cells must never win the max, as in Keras, so they are -inf.
        var x = _padding is null ? inputs : F.pad(inputs, _padding, value: double.NegativeInfinity);
        return F.max_pool2d(x, new long[] { PoolSize.Item1, PoolSize.Item2 }, new long[] { Strides.Item1, Strides.Item2 });
    }
}
