namespace Keras.Initializers;

/// <summary>LeCun uniform: U(-l, l), l = sqrt(3 / fan_in).</summary>
public sealed class LecunUniform : VarianceScaling
{
    /// <summary>LeCun uniform, as Keras's <c>lecun_uniform</c>: VarianceScaling(1, fan_in, uniform).</summary>
    public LecunUniform() : base(1.0, "fan_in", "uniform") { }
}
