using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Weights cast to a mixed policy's compute type, kept for one prediction or evaluation pass, during which nothing
/// changes the weights. Otherwise every batch casts every weight again: the 4-conv network's Dense kernel alone is
/// 1.2 million values per batch of 32. Training casts at every step, as the weights change at every step. A pass
/// holds one (<see cref="CallContext.Casts"/>) and disposes it at its end.
/// </summary>
internal sealed class ComputeCasts : IDisposable
{
    private readonly Dictionary<Weight, Tensor> _casts = new();

    /// <summary>The weight's value through <paramref name="cast"/>, made once per pass.</summary>
    public Tensor Of(Weight weight, Func<Tensor, Tensor> cast)
    {
        if (!_casts.TryGetValue(weight, out var value))
        {
            value = cast(weight.Value).DetachFromDisposeScope();
            _casts[weight] = value;
        }
        return value;
    }

    public void Dispose()
    {
        foreach (var value in _casts.Values) value.Dispose();
        _casts.Clear();
    }
}
