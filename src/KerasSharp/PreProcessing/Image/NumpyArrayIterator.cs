using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace Keras.Preprocessing;

/// <summary>
/// What <see cref="ImageDataGenerator.Flow"/> returns, as Keras's <c>NumpyArrayIterator</c>: augmented batches and
/// their targets, endlessly, <see cref="Length"/> batches to a pass over the data, each pass in a new order. The
/// batches come from one sequence drawn from a generator of its own, so they are the same however they are made:
/// when the machine has cores that libtorch's threads leave idle (training on a GPU, or fewer threads than cores), a
/// background thread makes them two ahead while the model trains; when training keeps every core busy, they are made
/// on the caller's thread, since a second thread there only slows training's parallel kernels (measured: +15-25% on
/// 2 cores, against about +5% made in line; see the README).
/// </summary>
public sealed class NumpyArrayIterator : IDataIterator, IDisposable
{
    private const int Ahead = 2;

    private readonly ImageDataGenerator _augmenter;
    private readonly Tensor _x, _y;
    private readonly bool _shuffle;
    private readonly Generator _generator;
    private readonly IEnumerator<(Tensor X, Tensor Y)> _batches;
    private readonly CancellationTokenSource _stop = new();
    private BlockingCollection<(Tensor X, Tensor Y)>? _ready;
    private Task? _producer;
    private Exception? _failure;

    internal NumpyArrayIterator(ImageDataGenerator augmenter, Tensor x, Tensor y, int batchSize, bool shuffle, long seed)
    {
        (_augmenter, _x, _y, BatchSize, _shuffle) = (augmenter, x, y, batchSize, shuffle);
        _generator = new Generator(unchecked((ulong)seed));
        _batches = Batches().GetEnumerator();
        InBackground = Environment.ProcessorCount > get_num_threads() || x.device.type != TorchSharp.DeviceType.CPU;
    }

    /// <summary>Pictures per batch (the last batch of a pass may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Pictures in the data.</summary>
    public long Samples => _x.shape[0];

    /// <summary>Batches in one pass over the data, as Python's <c>len(iterator)</c>.</summary>
    public int Length => (int)((Samples + BatchSize - 1) / BatchSize);

    /// <summary>The shape of one picture (H, W, C).</summary>
    public Shape ImageShape => _x.shape.Skip(1).Select(d => (int)d).ToArray();

    /// <inheritdoc/>
    Shape IDataIterator.InputShape => ImageShape;

    /// <summary>The shape of one target.</summary>
    public long[] TargetShape => _y.shape.Skip(1).ToArray();

    /// <summary>Whether batches are made ahead on a background thread (see the class summary), or on the caller's.</summary>
    public bool InBackground { get; }

    /// <summary>The next batch, as Python's <c>next(iterator)</c>: float32 pictures and their targets, both the caller's to dispose.</summary>
    /// <returns>The pictures and the targets.</returns>
    public (Tensor x, Tensor y) Next()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (!InBackground)
        {
            _batches.MoveNext();
            return _batches.Current;
        }
        if (_producer is null)
        {
            _ready = new BlockingCollection<(Tensor X, Tensor Y)>(Ahead);
            _producer = Task.Run(Produce);
        }
        try
        {
            return _ready!.Take(_stop.Token);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new InvalidOperationException($"Making augmented batches failed: {_failure.Message}", _failure);
        }
    }

    /// <summary>The endless sequence of batches: each pass over the data in a new order, each batch augmented afresh.</summary>
    private IEnumerable<(Tensor X, Tensor Y)> Batches()
    {
        while (true)
        {
            // Nothing here may belong to a dispose scope across a yield: the caller's scopes open and close meanwhile.
            using var order = (_shuffle ? randperm(Samples, generator: _generator) : arange(Samples)).DetachFromDisposeScope();
            for (long start = 0; start < Samples; start += BatchSize)
            {
                (Tensor X, Tensor Y) batch;
                using (var scope = NewDisposeScope())
                {
                    var index = order.narrow(0, start, Math.Min(BatchSize, Samples - start));
                    var x = _augmenter.Augment(_x.index_select(0, index.to(_x.device)), _generator);
                    batch = (x.DetachFromDisposeScope(), _y.index_select(0, index.to(_y.device)).DetachFromDisposeScope());
                }
                yield return batch;
            }
        }
    }

    private void Produce()
    {
        // One thread for augmenting (libtorch's thread count is per calling thread under OpenMP): training keeps its own.
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
                    batch.Y.Dispose();
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
        }
        if (_ready is not null)
        {
            while (_ready.TryTake(out var batch))
            {
                batch.X.Dispose();
                batch.Y.Dispose();
            }
            _ready.Dispose();
        }
        _batches.Dispose();
        _generator.Dispose();
        _stop.Dispose();
    }
}
