namespace Keras.Initializers;

/// <summary>Fills the weight with 1.</summary>
public sealed class Ones : Constant
{
    public Ones() : base(1) { }
}
