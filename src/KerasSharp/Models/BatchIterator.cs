using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// Walks a number of samples in batches, in order or in a fresh random order for each pass, as Keras's
/// <c>make_batches</c> with its shuffled index array. All of Fit, Evaluate and Predict walk their data with it.
/// </summary>
internal sealed class BatchIterator(long samples, int batchSize, RandomState random)
{
    public long Samples => samples;

    /// <summary>One pass over the samples; with <paramref name="shuffle"/>, in an order drawn from the model's generator.</summary>
    public IEnumerable<Batch> Pass(bool shuffle)
    {
        using var order = shuffle ? randperm(samples, generator: random.For(CPU)) : null;
        int index = 0;
        for (long start = 0; start < samples; start += batchSize, index++)
            yield return new Batch(index, start, Math.Min(batchSize, samples - start), order);
    }
}

/// <summary>One batch of a pass: its index, its first position and size, and the pass's order when shuffled.</summary>
internal readonly record struct Batch(int Index, long Start, long Size, Tensor? Order)
{
    /// <summary>Samples seen once this batch is done.</summary>
    public long End => Start + Size;

    /// <summary>This batch's rows of <paramref name="data"/>: a view in order, a gathered copy when shuffled.</summary>
    public Tensor Take(Tensor data) =>
        Order is null ? data.narrow(0, Start, Size) : data.index_select(0, Order.narrow(0, Start, Size).to(data.device));
}
