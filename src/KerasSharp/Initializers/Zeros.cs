namespace Keras.Initializers;

/// <summary>Fills the weight with 0.</summary>
public sealed class Zeros : Constant
{
    public Zeros() : base(0) { }
}
