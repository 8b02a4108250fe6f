namespace Keras.Initializers;

/// <summary>He uniform: U(-l, l), l = sqrt(6 / fan_in).</summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>He uniform: U(-l, l) with l = sqrt(6 / fan_in).</summary>
    public HeUniform() : base(2.0, "fan_in", "uniform") { }
}
