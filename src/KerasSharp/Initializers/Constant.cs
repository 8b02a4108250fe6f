using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Fills the weight with one value.</summary>
public class Constant : Initializer
{
    public Constant(double value = 0) => Value = value;

    public double Value { get; }

    public override Tensor Generate(Shape shape) =>
        full(shape.Dims.Select(d => (long)d).ToArray(), Value, dtype: ScalarType.Float32);
}
