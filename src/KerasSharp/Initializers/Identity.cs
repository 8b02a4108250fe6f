using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Keras's Identity (<c>identity</c>): the gain times the identity matrix, for square 2-D weights only.</summary>
public sealed class Identity : Initializer
{
    /// <summary>The identity matrix.</summary>
    /// <param name="gain">The factor applied to it.</param>
    public Identity(double gain = 1.0)
    {
        if (!double.IsFinite(gain)) throw new ArgumentException($"Identity's gain must be a finite number; got {gain}.");
        Gain = gain;
    }

    /// <summary>The factor applied to the identity matrix.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null)
    {
        if (shape.Rank != 2 || shape[0] != shape[1])
            throw new ArgumentException($"The identity initializer can only be used for 2D square matrices; this weight has shape {shape}.");
        return eye(shape[0], dtype: ScalarType.Float32).mul_(Gain);
    }

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => new()
    {
        ["class_name"] = "Identity",
        ["config"] = new JsonObject { ["gain"] = Gain },
    };
}
