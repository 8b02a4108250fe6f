using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>
/// Keras's Orthogonal (<c>orthogonal</c>): the weight, flattened to (product of all axes but the last, last axis), is
/// the orthonormal factor of a standard normal matrix's SVD (u or v, whichever has that shape), times the gain.
/// </summary>
public sealed class Orthogonal : Initializer
{
    /// <summary>A random orthogonal matrix.</summary>
    /// <param name="gain">The factor applied to it.</param>
    public Orthogonal(double gain = 1.0)
    {
        if (!double.IsFinite(gain)) throw new ArgumentException($"Orthogonal's gain must be a finite number; got {gain}.");
        Gain = gain;
    }

    /// <summary>The factor applied to the orthogonal matrix.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null)
    {
        if (shape.Rank < 2) throw new ArgumentException($"The orthogonal initializer needs a weight of at least two axes; got shape {shape}.");
        long rows = shape.Dims.Take(shape.Rank - 1).Aggregate(1L, (a, b) => a * b), cols = shape[-1];
        using var scope = NewDisposeScope();
        // float64 SVD, as NumPy's, then float32.
        var a = empty(rows, cols, dtype: ScalarType.Float64).normal_(0, 1, generator);
        var (u, _, vh) = linalg.svd(a, fullMatrices: false);
        var q = u.shape[0] == rows && u.shape[1] == cols ? u : vh;
        return (q * Gain).to_type(ScalarType.Float32).reshape(shape.Dims.Select(d => (long)d).ToArray()).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "Orthogonal",
        ["config"] = new JsonObject { ["gain"] = Gain, ["seed"] = null },
    };
}
