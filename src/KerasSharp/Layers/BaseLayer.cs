namespace Keras.Layers;

/// <summary>
/// What Keras.NET's functional API passes around: a layer, or the symbolic tensor a layer made. Keras.NET wraps both
/// in one type; KerasSharp has two kinds of it, <see cref="Layer"/> and <see cref="KerasTensor"/>, so that code written
/// for Keras.NET (<c>new Model(new Input[] { input }, new BaseLayer[] { output })</c>) compiles as it is.
/// </summary>
public abstract class BaseLayer
{
    private protected BaseLayer()
    {
    }

    /// <summary>
    /// The symbolic tensor this stands for where a layer takes its inputs: a tensor is itself; a layer stands for its
    /// output when it has been applied exactly once (as Keras.NET's <c>new Concatenate(a, b)</c> is used).
    /// </summary>
    internal abstract KerasTensor AsTensor();
}
