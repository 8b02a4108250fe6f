using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Keras's RandomUniform (Keras 2.2's <c>uniform</c> and <c>random_uniform</c>): U(minval, maxval).</summary>
public sealed class RandomUniform : Initializer
{
    /// <summary>Draws each weight from a uniform distribution.</summary>
    /// <param name="minval">The lower bound, included; Keras 2.2's -0.05 by default.</param>
    /// <param name="maxval">The upper bound, excluded; Keras 2.2's 0.05 by default.</param>
    public RandomUniform(double minval = -0.05, double maxval = 0.05)
    {
        if (!(minval <= maxval) || !double.IsFinite(minval) || !double.IsFinite(maxval))
            throw new ArgumentException($"RandomUniform needs finite bounds with minval <= maxval; got minval={minval}, maxval={maxval}.");
        (Minval, Maxval) = (minval, maxval);
    }

    /// <summary>The lower bound.</summary>
    public double Minval { get; }

    /// <summary>The upper bound.</summary>
    public double Maxval { get; }

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null) =>
        empty(shape.Dims.Select(d => (long)d).ToArray(), dtype: ScalarType.Float32).uniform_(Minval, Maxval, generator);

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "RandomUniform",
        ["config"] = new JsonObject { ["minval"] = Minval, ["maxval"] = Maxval, ["seed"] = null },
    };
}
