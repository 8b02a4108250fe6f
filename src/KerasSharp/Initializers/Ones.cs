namespace Keras.Initializers;

/// <summary>Fills the weight with 1.</summary>
public sealed class Ones : Constant
{
    /// <summary>All ones.</summary>
    public Ones() : base(1) { }
}
