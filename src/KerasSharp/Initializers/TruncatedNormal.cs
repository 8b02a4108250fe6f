using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>
/// Keras's TruncatedNormal (<c>truncated_normal</c>): N(mean, stddev²) with values more than two standard deviations
/// from the mean redrawn, as TensorFlow's <c>truncated_normal</c>; stddev is the normal's before truncation.
/// </summary>
public sealed class TruncatedNormal : Initializer
{
    // P(|z| <= 2) for a unit normal, erf(2 / sqrt 2): the uniform draw's bound for the inverse CDF on [-2, 2].
    private const double TwoSigmaMass = 0.95449973610364158;

    /// <summary>Draws each weight from a normal distribution truncated at two standard deviations.</summary>
    /// <param name="mean">The distribution's mean.</param>
    /// <param name="stddev">The standard deviation before truncation; Keras 2.2's 0.05 by default.</param>
    public TruncatedNormal(double mean = 0.0, double stddev = 0.05)
    {
        if (!(stddev >= 0) || !double.IsFinite(mean) || !double.IsFinite(stddev))
            throw new ArgumentException($"TruncatedNormal needs a finite mean and a non-negative stddev; got mean={mean}, stddev={stddev}.");
        (Mean, Stddev) = (mean, stddev);
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation before truncation.</summary>
    public double Stddev { get; }

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null) => Draw(shape, Mean, Stddev, generator);

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "TruncatedNormal",
        ["config"] = new JsonObject { ["mean"] = Mean, ["stddev"] = Stddev, ["seed"] = null },
    };

    /// <summary>Draws by the inverse CDF of the normal on [-2, 2] standard deviations: the same distribution as redrawing.</summary>
    internal static Tensor Draw(Shape shape, double mean, double stddev, Generator? generator)
    {
        var t = empty(shape.Dims.Select(d => (long)d).ToArray(), dtype: ScalarType.Float32);
        return t.uniform_(-TwoSigmaMass, TwoSigmaMass, generator).erfinv_().mul_(stddev * Math.Sqrt(2)).add_(mean);
    }
}
