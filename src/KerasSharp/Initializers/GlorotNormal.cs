namespace Keras.Initializers;

/// <summary>Glorot (Xavier) normal: truncated normal, stddev sqrt(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Glorot (Xavier) normal: truncated normal with variance 1 / mean(fan_in, fan_out).</summary>
    public GlorotNormal() : base(1.0, "fan_avg", "normal") { }
}
