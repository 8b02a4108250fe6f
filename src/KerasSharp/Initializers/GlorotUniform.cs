namespace Keras.Initializers;

/// <summary>Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out)).</summary>
public sealed class GlorotUniform : VarianceScaling
{
    public GlorotUniform() : base(1.0, "fan_avg", "uniform") { }
}
