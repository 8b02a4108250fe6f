using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>A model's data as the loops take them: one array per input, one per output, and optional per-sample loss weights.</summary>
internal sealed record DataArrays(IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y, Tensor? SampleWeights = null)
{
    /// <summary>The number of samples (the arrays agree; <see cref="TrainingUtils"/> checks it).</summary>
    public long Samples => X[0].shape[0];

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of every array, as views.</summary>
    public DataArrays Narrow(long start, long count) =>
        new(X.Select(t => t.narrow(0, start, count)).ToList(), Y.Select(t => t.narrow(0, start, count)).ToList(), SampleWeights?.narrow(0, start, count));
}
