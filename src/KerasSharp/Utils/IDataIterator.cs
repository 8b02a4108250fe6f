using static TorchSharp.torch;

namespace Keras.Utils;

/// <summary>
/// What <c>Fit</c>, <c>FitGenerator</c>, <c>EvaluateGenerator</c> and <c>PredictGenerator</c> take when they take
/// batches rather than arrays, as Keras 2.2's <c>fit_generator</c> takes a generator or a <c>Sequence</c>: endless
/// batches, <see cref="Length"/> of them to a pass over the data. <c>ImageDataGenerator.Flow</c> and
/// <c>FlowFromDirectory</c> return one; a program may implement its own.
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

    /// <summary>The shape of one target, without the batch axis; null when the batches carry no targets (for prediction only).</summary>
    long[]? TargetShape { get; }

    /// <summary>The next batch, as Python's <c>next(iterator)</c>: inputs and targets (null when there are none), both the caller's to dispose.</summary>
    /// <returns>The inputs and the targets.</returns>
    (Tensor x, Tensor? y) Next();
}
