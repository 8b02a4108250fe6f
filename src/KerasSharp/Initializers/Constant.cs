using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Fills the weight with one value.</summary>
public class Constant : Initializer
{
    /// <summary>Fills every weight with one value.</summary>
    /// <param name="value">The value.</param>
    public Constant(double value = 0) => Value = value;

    /// <summary>The value every weight starts with.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    internal override JsonObject GetConfig() => this switch
    {
        Zeros => new JsonObject { ["class_name"] = "Zeros", ["config"] = new JsonObject() },
        Ones => new JsonObject { ["class_name"] = "Ones", ["config"] = new JsonObject() },
        _ => new JsonObject { ["class_name"] = "Constant", ["config"] = new JsonObject { ["value"] = Value } },
    };

    /// <inheritdoc/>
    public override Tensor Generate(Shape shape, Generator? generator = null) =>
        full(shape.Dims.Select(d => (long)d).ToArray(), Value, dtype: ScalarType.Float32);
}
