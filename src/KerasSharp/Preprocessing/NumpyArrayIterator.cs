using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace Keras.Preprocessing;

/// <summary>
/// What <see cref="ImageDataGenerator.Flow"/> returns, as Keras's <c>NumpyArrayIterator</c>: augmented batches and
/// their targets, endlessly, <see cref="Length"/> batches to a pass over the data, each pass in a new order. A
/// background thread makes the next batches (two ahead) while the model trains on the current one; it draws from a
/// generator of its own, in order, so the batches are the same however the threads are timed.
/// </summary>
public sealed class NumpyArrayIterator : IDisposable
{
    private const int Ahead = 2;

    private readonly ImageDataGenerator _augmenter;
    private readonly Tensor _x, _y;
    private readonly bool _shuffle;
    private readonly Generator _generator;
    private readonly BlockingCollection<(Tensor X, Tensor Y)> _ready = new(Ahead);
    private readonly CancellationTokenSource _stop = new();
    private Task? _producer;
    private Exception? _failure;

    internal NumpyArrayIterator(ImageDataGenerator augmenter, Tensor x, Tensor y, int batchSize, bool shuffle, long seed)
    {
        (_augmenter, _x, _y, BatchSize, _shuffle) = (augmenter, x, y, batchSize, shuffle);
        _generator = new Generator(unchecked((ulong)seed));
    }

    /// <summary>Pictures per batch (the last batch of a pass may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Pictures in the data.</summary>
    public long Samples => _x.shape[0];

    /// <summary>Batches in one pass over the data, as Python's <c>len(iterator)</c>.</summary>
    public int Length => (int)((Samples + BatchSize - 1) / BatchSize);

    /// <summary>The shape of one picture (H, W, C).</summary>
    public Shape ImageShape => _x.shape.Skip(1).Select(d => (int)d).ToArray();

    /// <summary>The shape of one target.</summary>
    public long[] TargetShape => _y.shape.Skip(1).ToArray();

    /// <summary>The next batch, as Python's <c>next(iterator)</c>: float32 pictures and their targets, both the caller's to dispose.</summary>
    /// <returns>The pictures and the targets.</returns>
    public (Tensor x, Tensor y) Next()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        _producer ??= Task.Run(Produce);
        try
        {
            return _ready.Take(_stop.Token);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new InvalidOperationException($"Making augmented batches failed: {_failure.Message}", _failure);
        }
    }

    private void Produce()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var order = _shuffle ? randperm(Samples, generator: _generator) : arange(Samples);
                for (long start = 0; start < Samples && !_stop.IsCancellationRequested; start += BatchSize)
                {
                    (Tensor, Tensor) batch;
                    using (var scope = NewDisposeScope())
                    {
                        var index = order.narrow(0, start, Math.Min(BatchSize, Samples - start));
                        var x = _augmenter.Augment(_x.index_select(0, index.to(_x.device)), _generator);
                        batch = (x.MoveToOuterDisposeScope(), _y.index_select(0, index.to(_y.device)).MoveToOuterDisposeScope());
                    }
                    try
                    {
                        _ready.Add(batch, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        batch.Item1.Dispose();
                        batch.Item2.Dispose();
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _failure = e;
            _ready.CompleteAdding();
        }
    }

    /// <summary>Stops the background thread and frees the batches it made ahead.</summary>
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
        }
        while (_ready.TryTake(out var batch))
        {
            batch.X.Dispose();
            batch.Y.Dispose();
        }
        _ready.Dispose();
        _generator.Dispose();
        _stop.Dispose();
    }
}
