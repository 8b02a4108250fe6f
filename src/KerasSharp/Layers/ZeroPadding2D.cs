using System.Text.Json.Nodes;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>ZeroPadding2D</c>: rows and columns of zeros around (H, W, C) images.</summary>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>Pads images with zeros: the same on every side, the same top and bottom and left and right, or each side given.</summary>
    /// <param name="padding">1 by default (one pixel on every side); <c>(h, w)</c>; or top, bottom, left and right through <see cref="ZeroPadding2D(int, int, int, int, Shape?, string?, string?)"/>.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public ZeroPadding2D(Shape? padding = null, Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype)
    {
        var (h, w) = SpatialGeometry.Pair(padding ?? 1, nameof(padding));
        (Top, Bottom, Left, Right) = Check(h, h, w, w);
    }

    /// <summary>Pads images with zeros, each side given, as Keras's <c>padding=((top, bottom), (left, right))</c>.</summary>
    /// <param name="top">Rows above.</param>
    /// <param name="bottom">Rows below.</param>
    /// <param name="left">Columns on the left.</param>
    /// <param name="right">Columns on the right.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public ZeroPadding2D(int top, int bottom, int left, int right, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(name, input_shape, dtype) => (Top, Bottom, Left, Right) = Check(top, bottom, left, right);

    /// <summary>Rows added above.</summary>
    public int Top { get; }
    /// <summary>Rows added below.</summary>
    public int Bottom { get; }
    /// <summary>Columns added on the left.</summary>
    public int Left { get; }
    /// <summary>Columns added on the right.</summary>
    public int Right { get; }

    private static (int, int, int, int) Check(int top, int bottom, int left, int right) =>
        new[] { top, bottom, left, right }.Any(p => p < 0) ? throw new ArgumentException($"ZeroPadding2D padding must not be negative; got (({top}, {bottom}), ({left}, {right})).") : (top, bottom, left, right);

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        return (checked(inputShape[0] + Top + Bottom), checked(inputShape[1] + Left + Right), inputShape[2]);
    }

    internal override Tensor Call(Tensor inputs, CallContext context) => F.pad(inputs, new long[] { Left, Right, Top, Bottom });

    private protected override void AddConfig(JsonObject config)
    {
        config["padding"] = new JsonArray(new JsonArray(Top, Bottom), new JsonArray(Left, Right));
        config["data_format"] = "channels_last";
    }

    internal static ZeroPadding2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        int Side(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out int i) && i >= 0 ? i : throw args.Error("padding", $"{n?.ToJsonString() ?? "null"} is not a padding");
        return args.Take("padding") switch
        {
            null => new ZeroPadding2D(null, inputShape, name),
            JsonArray { Count: 2 } pair when pair[0] is JsonArray rows && pair[1] is JsonArray columns && rows.Count == 2 && columns.Count == 2 =>
                new ZeroPadding2D(Side(rows[0]), Side(rows[1]), Side(columns[0]), Side(columns[1]), inputShape, name),
            JsonArray { Count: 2 } pair => new ZeroPadding2D((Side(pair[0]), Side(pair[1])), inputShape, name),
            var single => new ZeroPadding2D(Side(single), inputShape, name),
        };
    }
}
