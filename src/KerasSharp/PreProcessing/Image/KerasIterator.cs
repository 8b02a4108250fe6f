using System.Collections.Concurrent;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// What <see cref="ImageDataGenerator.Flow"/> and <see cref="ImageDataGenerator.FlowFromDirectory"/> return (Keras.NET's
/// name; Keras's <c>Iterator</c>): batches, endlessly, <see cref="Length"/> of them to a pass over the samples, each
/// pass in a new order when shuffled. The order and the augmentations come from one sequence drawn from a generator of
/// the iterator's own, so the batches are the same however they are made: when the machine has cores that libtorch's
/// threads leave idle (training on a GPU, or fewer threads than cores), a background thread makes them two ahead while
/// the model trains; when training keeps every core busy, they are made on the caller's thread, since a second thread
/// there only slows training's parallel kernels (measured: +15-25% on 2 cores, against about +5% made in line).
/// </summary>
public abstract class KerasIterator : IDataIterator, IDisposable
{
    private const int Ahead = 2;

    private readonly bool _shuffle;
    private readonly Generator _generator;
    private readonly IEnumerator<(Tensor X, Tensor? Y)> _batches;
    private readonly CancellationTokenSource _stop = new();
    private BlockingCollection<(Tensor X, Tensor? Y)>? _ready;
    private Task? _producer;
    private Exception? _failure;

    private protected KerasIterator(long samples, int batchSize, bool shuffle, long seed, bool onAccelerator)
    {
        if (batchSize <= 0) throw new ArgumentException($"batch_size must be positive; got {batchSize}.");
        (Samples, BatchSize, _shuffle) = (samples, batchSize, shuffle);
        _generator = new Generator(unchecked((ulong)seed));
        _batches = Batches().GetEnumerator();
        InBackground = Environment.ProcessorCount > get_num_threads() || onAccelerator;
    }

    /// <summary>Samples per batch (the last batch of a pass may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Samples in one pass.</summary>
    public long Samples { get; }

    /// <summary>Batches in one pass over the data, as Python's <c>len(iterator)</c>.</summary>
    public int Length => (int)((Samples + BatchSize - 1) / BatchSize);

    /// <summary>The shape of one picture (height, width, channels).</summary>
    public abstract Shape ImageShape { get; }

    /// <inheritdoc/>
    Shape IDataIterator.InputShape => ImageShape;

    /// <summary>The shape of one target; null when the batches carry none.</summary>
    public abstract long[]? TargetShape { get; }

    /// <summary>Whether batches are made ahead on a background thread (see the class summary), or on the caller's.</summary>
    public bool InBackground { get; }

    /// <summary>The next batch, as Python's <c>next(iterator)</c>: float32 pictures and their targets, both the caller's to dispose.</summary>
    /// <returns>The pictures and the targets (null when there are none).</returns>
    public (Tensor x, Tensor? y) Next()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (!InBackground)
        {
            _batches.MoveNext();
            return _batches.Current;
        }
        if (_producer is null)
        {
            _ready = new BlockingCollection<(Tensor X, Tensor? Y)>(Ahead);
            _producer = Task.Run(Produce);
        }
        try
        {
            return _ready!.Take(_stop.Token);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new InvalidOperationException($"Making batches failed: {_failure.Message}", _failure);
        }
    }

    /// <summary>The batch of these samples (positions in 0..Samples-1), drawing any randomness from <paramref name="generator"/>.</summary>
    private protected abstract (Tensor X, Tensor? Y) MakeBatch(long[] index, Generator generator);

    /// <summary>The endless sequence of batches: each pass over the data in a new order when shuffled.</summary>
    private IEnumerable<(Tensor X, Tensor? Y)> Batches()
    {
        while (true)
        {
            long[] order;
            using (var permutation = _shuffle ? randperm(Samples, generator: _generator) : arange(Samples))
                order = permutation.data<long>().ToArray();
            for (long start = 0; start < Samples; start += BatchSize)
            {
                // Nothing here may belong to a dispose scope across a yield: the caller's scopes open and close meanwhile.
                (Tensor X, Tensor? Y) batch;
                using (var scope = NewDisposeScope())
                {
                    var (x, y) = MakeBatch(order[(int)start..(int)Math.Min(start + BatchSize, Samples)], _generator);
                    batch = (x.DetachFromDisposeScope(), y?.DetachFromDisposeScope());
                }
                yield return batch;
            }
        }
    }

    private void Produce()
    {
        // One thread for making batches (libtorch's thread count is per calling thread under OpenMP): training keeps its own.
        set_num_threads(1);
        try
        {
            while (!_stop.IsCancellationRequested && _batches.MoveNext())
            {
                var batch = _batches.Current;
                try
                {
                    _ready!.Add(batch, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.X.Dispose();
                    batch.Y?.Dispose();
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _failure = e;
            _ready!.CompleteAdding();
        }
    }

    /// <summary>Stops the background thread, if any, and frees the batches it made ahead.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        try
        {
            _producer?.Wait();
        }
        catch (AggregateException)
        {
            // The producer's failure was reported by Next; disposing only stops it.
        }
        if (_ready is not null)
        {
            while (_ready.TryTake(out var batch))
            {
                batch.X.Dispose();
                batch.Y?.Dispose();
            }
            _ready.Dispose();
        }
        _batches.Dispose();
        _generator.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
