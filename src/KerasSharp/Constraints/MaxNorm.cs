using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Constraints;

/// <summary>
/// Keras's MaxNorm: w * clip(norm, 0, max_value) / (1e-7 + norm), the norm taken over
/// <c>axis</c> (0 by default: for a Dense kernel (in, out), each output unit's incoming weights).
/// </summary>
public sealed class MaxNorm : Constraint
{

    /// <summary>Holds the norm of each unit's incoming weights to at most <paramref name="max_value"/>.</summary>
    /// <param name="max_value">The largest norm allowed.</param>
    /// <param name="axis">The axes the norm is taken over, in Keras's layout; 0 by default (a Dense kernel's inputs). For a Conv2D kernel Keras uses (0, 1, 2).</param>
    public MaxNorm(double max_value = 2, params int[] axis)
    {
        if (max_value <= 0) throw new ArgumentException($"max_value must be positive; got {max_value}.");
        MaxValue = max_value;
        Axis = axis.Length == 0 ? new[] { 0 } : axis;
    }

    /// <summary>The largest norm allowed.</summary>
    public double MaxValue { get; }

    /// <summary>The axes the norm is taken over.</summary>
    public IReadOnlyList<int> Axis { get; }

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "MaxNorm",
        ["config"] = new JsonObject { ["max_value"] = MaxValue, ["axis"] = Axis.Count == 1 ? Axis[0] : new JsonArray(Axis.Select(a => (JsonNode?)a).ToArray()) },
    };

    /// <inheritdoc/>
    public override Tensor Apply(Tensor w)
    {
        var dims = Axis.Select(a => (long)(a < 0 ? a + w.dim() : a)).ToArray();
        if (dims.Any(d => d < 0 || d >= w.dim()))
            throw new ArgumentException($"MaxNorm axis ({string.Join(", ", Axis)}) does not fit a weight of rank {w.dim()}.");
        using var norms = w.square().sum(dims, keepdim: true).sqrt();
        using var desired = norms.clamp(0, MaxValue);
        return w * (desired / (norms + Backend.Epsilon));
    }
}
