namespace Keras.Initializers;

/// <summary>He normal: truncated normal, stddev sqrt(2 / fan_in).</summary>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>He normal: truncated normal with variance 2 / fan_in.</summary>
    public HeNormal() : base(2.0, "fan_in", "normal") { }
}
