using static TorchSharp.torch;

namespace Keras.Preprocessing;

/// <summary>
/// What <c>Fit</c> trains on when it takes batches rather than arrays, as Keras's <c>fit</c> (and Keras 2.2's
/// <c>fit_generator</c>) takes a generator: endless batches, <see cref="Length"/> of them to a pass over the data.
/// <see cref="NumpyArrayIterator"/> (from <c>ImageDataGenerator.Flow</c>) is one.
/// </summary>
public interface IDataIterator
{
    /// <summary>Samples per batch (the last batch of a pass may have fewer).</summary>
    int BatchSize { get; }

    /// <summary>Samples in one pass over the data.</summary>
    long Samples { get; }

    /// <summary>Batches in one pass over the data, as Python's <c>len(iterator)</c>.</summary>
    int Length { get; }

    /// <summary>The shape of one input sample, without the batch axis.</summary>
    Shape InputShape { get; }

    /// <summary>The shape of one target, without the batch axis.</summary>
    long[] TargetShape { get; }

    /// <summary>The next batch, as Python's <c>next(iterator)</c>: inputs and targets, both the caller's to dispose.</summary>
    /// <returns>The inputs and the targets.</returns>
    (Tensor x, Tensor y) Next();
}
