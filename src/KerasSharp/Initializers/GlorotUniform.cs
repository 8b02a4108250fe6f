namespace Keras.Initializers;

/// <summary>Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out)).</summary>
public sealed class GlorotUniform : VarianceScaling
{
    /// <summary>Glorot (Xavier) uniform, Keras's default for kernels: U(-l, l) with l = sqrt(3 / mean(fan_in, fan_out)).</summary>
    public GlorotUniform() : base(1.0, "fan_avg", "uniform") { }
}
