using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Weights cast to a mixed policy's compute type, kept for one prediction or evaluation pass, during which nothing
/// changes the weights. Otherwise every batch casts every weight again: the 4-conv network's Dense kernel alone is
/// 1.2 million values per batch of 32. Training casts at every step, as the weights change at every step.
/// </summary>
internal sealed class ComputeCasts : IDisposable
{
    [ThreadStatic] private static ComputeCasts? _current;
    private readonly ComputeCasts? _outer;
    private readonly Dictionary<Weight, Tensor> _casts = new();

    private ComputeCasts()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>Keeps the casts made on this thread until disposed; the weights must not change meanwhile.</summary>
    public static ComputeCasts Keep() => new();

    /// <summary>The weight's value through <paramref name="cast"/>, made once per pass while casts are kept.</summary>
    public static Tensor Of(Weight weight, Func<Tensor, Tensor> cast)
    {
        if (_current is not { } kept) return cast(weight.Value);
        if (!kept._casts.TryGetValue(weight, out var value))
        {
            value = cast(weight.Value).DetachFromDisposeScope();
            kept._casts[weight] = value;
        }
        return value;
    }

    public void Dispose()
    {
        foreach (var value in _casts.Values) value.Dispose();
        _casts.Clear();
        _current = _outer;
    }
}
