namespace Keras.Initializers;

/// <summary>Glorot (Xavier) normal: truncated normal, stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    public GlorotNormal() : base(1.0, "fan_avg", "normal") { }
}
