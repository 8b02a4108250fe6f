using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Weights in a mixed policy's compute type for one pass. A prediction or evaluation pass, during which nothing changes
/// the weights, casts each weight once and disposes the casts at its end; otherwise every batch would cast every weight
/// again (the 4-conv network's Dense kernel alone is 1.2 million values). A training step, after which the weights
/// change, refreshes each weight's training copy (<see cref="Weight.TrainingCopy"/>) at its first read; a second read
/// in the same step (a shared layer) casts afresh, so that its gradient reaches the float32 weight and the two are
/// summed in float32, as Keras sums the gradients of two reads of a variable.
/// </summary>
internal sealed class ComputeCasts(bool training = false) : IDisposable
{
    private readonly Dictionary<Weight, Tensor> _casts = new();

    /// <summary>The weight's value through <paramref name="cast"/> for this pass.</summary>
    public Tensor Of(Weight weight, Func<Tensor, Tensor> cast)
    {
        if (_casts.TryGetValue(weight, out var value)) return training ? cast(weight.Value) : value;
        value = training ? weight.TrainingCopy(cast) : cast(weight.Value).DetachFromDisposeScope();
        _casts[weight] = value;
        return value;
    }

    public void Dispose()
    {
        // A training pass's copies belong to their weights.
        if (!training)
            foreach (var value in _casts.Values) value.Dispose();
        _casts.Clear();
    }
}
