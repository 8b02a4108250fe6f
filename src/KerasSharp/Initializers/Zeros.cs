namespace Keras.Initializers;

/// <summary>Fills the weight with 0.</summary>
public sealed class Zeros : Constant
{
    /// <summary>All zeros, Keras's default for biases.</summary>
    public Zeros() : base(0) { }
}
