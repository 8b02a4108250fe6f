namespace Keras.Initializers;

/// <summary>LeCun normal: truncated normal, stddev sqrt(1 / fan_in).</summary>
public sealed class LecunNormal : VarianceScaling
{
    /// <summary>LeCun normal, as Keras's <c>lecun_normal</c>: VarianceScaling(1, fan_in, normal).</summary>
    public LecunNormal() : base(1.0, "fan_in", "normal") { }
}
