using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Keras's RandomNormal (Keras 2.2's <c>normal</c> and <c>random_normal</c>): N(mean, stddev²), untruncated.</summary>
public sealed class RandomNormal : Initializer
{
    /// <summary>Draws each weight from a normal distribution.</summary>
    /// <param name="mean">The distribution's mean.</param>
    /// <param name="stddev">Its standard deviation; Keras 2.2's 0.05 by default.</param>
    public RandomNormal(double mean = 0.0, double stddev = 0.05)
    {
        if (!(stddev >= 0) || !double.IsFinite(mean) || !double.IsFinite(stddev))
            throw new ArgumentException($"RandomNormal needs a finite mean and a non-negative stddev; got mean={mean}, stddev={stddev}.");
        (Mean, Stddev) = (mean, stddev);
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation.</summary>
    public double Stddev { get; }

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null) =>
        empty(shape.Dims.Select(d => (long)d).ToArray(), dtype: ScalarType.Float32).normal_(Mean, Stddev, generator);

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "RandomNormal",
        ["config"] = new JsonObject { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = null },
    };
}
