using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>
/// Keras's VarianceScaling: n is fan_in, fan_out or their mean; "uniform" draws from U(-l, l) with
/// l = sqrt(3 scale / n); "normal" draws from a normal truncated at two standard deviations whose
/// standard deviation after truncation is sqrt(scale / n).
/// </summary>
public class VarianceScaling : Initializer
{
    // Standard deviation of a unit normal truncated to [-2, 2]; Keras divides by it.
    private const double TruncatedStd = 0.87962566103423978;

    /// <summary>Draws weights whose variance is scale / n.</summary>
    /// <param name="scale">The variance's numerator; positive.</param>
    /// <param name="mode">What n is: <c>fan_in</c>, <c>fan_out</c> or <c>fan_avg</c>.</param>
    /// <param name="distribution"><c>normal</c> (truncated at two standard deviations) or <c>uniform</c>.</param>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "normal")
    {
        if (scale <= 0) throw new ArgumentException($"scale must be positive; got {scale}.");
        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
            throw new ArgumentException($"mode must be 'fan_in', 'fan_out' or 'fan_avg'; got '{mode}'.");
        if (distribution is not ("normal" or "uniform"))
            throw new ArgumentException($"distribution must be 'normal' or 'uniform'; got '{distribution}'.");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    /// <summary>The variance's numerator.</summary>
    public double Scale { get; }
    /// <summary><c>fan_in</c>, <c>fan_out</c> or <c>fan_avg</c>.</summary>
    public string Mode { get; }
    /// <summary><c>normal</c> or <c>uniform</c>.</summary>
    public string Distribution { get; }

    /// <summary>The bound l of the uniform distribution for a shape.</summary>
    /// <param name="shape">The weight's shape.</param>
    public double UniformLimit(Shape shape) => Math.Sqrt(3.0 * Scale / Denominator(shape));

    /// <summary>The standard deviation of the normal before truncation.</summary>
    /// <param name="shape">The weight's shape.</param>
    public double NormalStddev(Shape shape) => Math.Sqrt(Scale / Denominator(shape)) / TruncatedStd;

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null)
    {
        if (Distribution == "uniform")
        {
            double l = UniformLimit(shape);
            return empty(shape.Dims.Select(d => (long)d).ToArray(), dtype: ScalarType.Float32).uniform_(-l, l, generator);
        }
        return TruncatedNormal.Draw(shape, 0, NormalStddev(shape), generator);
    }

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "VarianceScaling",
        ["config"] = new JsonObject { ["scale"] = Scale, ["mode"] = Mode, ["distribution"] = Distribution, ["seed"] = null },
    };

    private double Denominator(Shape shape)
    {
        var (fanIn, fanOut) = ComputeFans(shape);
        double n = Mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        return Math.Max(1.0, n);
    }
}
