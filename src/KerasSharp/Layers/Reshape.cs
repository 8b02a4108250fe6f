using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>Reshape</c>: each sample to <c>target_shape</c> in Keras's (channels-last) order; one size may be -1, as in Keras.</summary>
public sealed class Reshape : Layer
{
    /// <summary>Reshapes each sample, keeping the batch axis.</summary>
    /// <param name="target_shape">The new shape of one sample, e.g. <c>(4, 4, 8)</c>; one size may be -1, inferred from the rest.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Reshape(Shape target_shape, Shape? input_shape = null, string? name = null, string? dtype = null)
        : this((target_shape ?? throw new ArgumentNullException(nameof(target_shape))).Dims.ToArray(), input_shape, name, dtype)
    {
    }

    /// <summary>Reshapes each sample to sizes of which one may be -1, as Keras's <c>Reshape((-1, 8))</c>.</summary>
    /// <param name="target_shape">The new shape of one sample; at most one size -1, inferred from the rest.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Reshape(int[] target_shape, Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype)
    {
        ArgumentNullException.ThrowIfNull(target_shape);
        if (target_shape.Length == 0 || target_shape.Count(d => d == -1) > 1 || target_shape.Any(d => d == 0 || d < -1))
            throw new ArgumentException($"Reshape's target_shape ({string.Join(", ", target_shape)}) must hold positive sizes and at most one -1.");
        TargetShape = target_shape.ToArray();
    }

    /// <summary>The target shape, as given (-1 for the size inferred).</summary>
    public IReadOnlyList<int> TargetShape { get; }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        long known = TargetShape.Where(d => d != -1).Aggregate(1L, (a, b) => checked(a * b));
        long size = inputShape.Size;
        bool infer = TargetShape.Contains(-1);
        if (infer ? size % known != 0 : size != known)
            throw new ArgumentException($"Layer '{Name}' (Reshape) cannot reshape an input of shape {inputShape.ToBatchString()} ({size} values per sample) to ({string.Join(", ", TargetShape)}).");
        return TargetShape.Select(d => d == -1 ? checked((int)(size / known)) : d).ToArray();
    }

    internal override Tensor Call(Tensor inputs, CallContext context) =>
        Layout.ToEngine(Layout.ToKeras(inputs).reshape(new[] { inputs.shape[0] }.Concat(OutputShape.Dims.Select(d => (long)d)).ToArray()));

    private protected override void AddConfig(JsonObject config) => config["target_shape"] = new JsonArray(TargetShape.Select(d => (JsonNode?)d).ToArray());

    internal static Reshape FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var target = args.Take("target_shape") as JsonArray ?? throw args.Error("target_shape", "it is required, as a list");
        return new Reshape(target.Select(d => d is JsonValue v && v.TryGetValue<int>(out int n) ? n : throw args.Error("target_shape", $"{d?.ToJsonString() ?? "null"} is not a size")).ToArray(), inputShape, name);
    }
}
