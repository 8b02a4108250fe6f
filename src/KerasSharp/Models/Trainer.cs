using System.Diagnostics;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// The training, test and prediction loops of a model, kept apart from it as Keras keeps <c>fit_loop</c>,
/// <c>test_loop</c> and <c>predict_loop</c> apart from its Model (keras/engine/training_arrays.py). Every loop
/// walks its data with a <see cref="BatchIterator"/> and one dispose scope per batch; batches go to the model's device.
/// </summary>
internal sealed class Trainer(Sequential model)
{
    /// <summary>How often, at most, a training epoch reads its running loss to stop on NaN (Keras's progress interval).</summary>
    private const double NanCheckSeconds = 0.05;

    private Device Device => model.Device;

    /// <summary>Fit on arrays: each epoch one pass of <see cref="BatchIterator"/>, shuffled or in order.</summary>
    public History Fit((Tensor X, Tensor Y) train, (Tensor X, Tensor Y)? validation, FitParams fitParams, bool shuffle, int initialEpoch,
        IEnumerable<Callback> callbacks)
    {
        var batches = new BatchIterator(fitParams.Samples, fitParams.BatchSize);
        return Fit(() => batches.Pass(shuffle).Select(b => new TrainBatch(b.Index, b.End >= fitParams.Samples, () =>
            {
                using var scope = NewDisposeScope(); // frees the index tensors that gathering makes
                return (b.Take(train.X).MoveToOuterDisposeScope(), b.Take(train.Y).MoveToOuterDisposeScope());
            })), validation, fitParams, initialEpoch, callbacks);
    }

    /// <summary>The fit loop over any source of batches: <paramref name="epoch"/> gives each epoch's batches in order.</summary>
    public History Fit(Func<IEnumerable<TrainBatch>> epoch, (Tensor X, Tensor Y)? validation, FitParams fitParams, int initialEpoch,
        IEnumerable<Callback> callbacks)
    {
        var history = new History();
        var state = new TrainingState(history, initialEpoch);
        var all = callbacks.ToList();
        if (fitParams.Verbose > 0) all.Add(new ProgbarLogger(model.Output, model.DynamicProgress));
        all.Add(history);
        var list = new CallbackList(all, model, fitParams, state);

        if (fitParams.Verbose > 0 && validation is { } v && !fitParams.CountSteps)
            model.Out.WriteLine($"Train on {fitParams.Samples} samples, validate on {v.X.shape[0]} samples");
        model.StopTraining = false;
        var trainLogs = new Dictionary<string, double>();
        list.OnTrainBegin(trainLogs);
        for (int e = state.InitialEpoch; e < fitParams.Epochs && !model.StopTraining; e++)
        {
            var clock = Stopwatch.StartNew();
            var logs = new Dictionary<string, double>();
            list.OnEpochBegin(e, logs);
            bool finite = TrainEpoch(epoch(), list, state, logs);
            if (finite && validation is { } val)
            {
                foreach (var (name, value) in Test(val, fitParams.BatchSize, null)) logs["val_" + name] = value;
            }
            // Recorded before the callbacks run, so a checkpoint taken at epoch end includes this epoch.
            history.Record(e, logs, clock.Elapsed.TotalSeconds);
            list.OnEpochEnd(e, logs);
        }
        list.OnTrainEnd(trainLogs);
        return history;
    }

    /// <summary>One pass over the training data; false when the loss stopped being finite.</summary>
    private bool TrainEpoch(IEnumerable<TrainBatch> pass, CallbackList callbacks, TrainingState state, Dictionary<string, double> epochLogs)
    {
        var metrics = model.Metrics;
        var trainable = model.TrainableWeightList;
        using var sums = new MetricSums(new[] { "loss" }.Concat(metrics.Select(m => m.Name)), Device);
        state.SamplesSeen = 0;
        state.StepsSeen = 0;
        state.MeansSource = () => sums.Means(state.SamplesSeen);
        var checkClock = Stopwatch.StartNew();
        bool finite = true;
        try
        {
            long seen = 0;
            foreach (var batch in pass)
            {
                if (model.StopTraining) break;
                var (x, y) = batch.Take();
                long size = x.shape[0];
                var batchLogs = new Dictionary<string, double> { ["batch"] = batch.Index, ["size"] = size };
                callbacks.OnBatchBegin(batch.Index, batchLogs);
                using (var scope = NewDisposeScope())
                {
                    var xb = Inputs(x);
                    var yb = Targets(y);
                    var pred = model.Forward(xb, training: true);
                    var loss = model.Loss!.Call(yb, pred).mean();
                    loss.backward();
                    model.Optimizer!.Step(trainable);
                    using (no_grad())
                    {
                        var detached = pred.detach();
                        var values = metrics.Select(m => m.Call(yb, detached)).ToList();
                        sums.Add(0, loss.detach(), size);
                        for (int i = 0; i < metrics.Count; i++) sums.Add(i + 1, values[i].sum());
                        if (callbacks.NeedsBatchValues)
                        {
                            batchLogs["loss"] = loss.item<float>();
                            for (int i = 0; i < metrics.Count; i++) batchLogs[metrics[i].Name] = values[i].mean().item<float>();
                        }
                    }
                }
                x.Dispose();
                y.Dispose();
                seen += size;
                state.SamplesSeen = seen;
                state.StepsSeen = batch.Index + 1;
                bool last = batch.Last;
                if (last || checkClock.Elapsed.TotalSeconds >= NanCheckSeconds)
                {
                    checkClock.Restart();
                    double meanLoss = sums.Means(seen)[0].Value;
                    if (!double.IsFinite(meanLoss))
                    {
                        finite = false;
                        model.StopTraining = true;
                        model.Out.WriteLine();
                        model.Out.WriteLine($"Batch {batch.Index}: Invalid loss ({meanLoss}), terminating training. " +
                                            "Lower the learning rate, or check the inputs and labels for NaN or infinite values.");
                    }
                }
                callbacks.OnBatchEnd(batch.Index, batchLogs);
                if (last || model.StopTraining)
                {
                    foreach (var (name, value) in sums.Means(seen)) epochLogs[name] = value;
                }
            }
        }
        finally
        {
            state.MeansSource = null;
        }
        return finite;
    }

    /// <summary>The loss and metrics over the data, as Keras's <c>test_loop</c>: loss first, then each metric, by name.</summary>
    public IReadOnlyList<(string Name, double Value)> Test((Tensor X, Tensor Y) data, int batchSize, Progbar? bar)
    {
        long n = data.X.shape[0];
        using var guard = inference_mode();
        using var casts = ComputeCasts.Keep();
        using var sums = new MetricSums(new[] { "loss" }.Concat(model.Metrics.Select(m => m.Name)), Device);
        foreach (var batch in new BatchIterator(n, batchSize).Pass(shuffle: false))
        {
            using (var scope = NewDisposeScope())
            {
                var xb = Inputs(batch.Take(data.X));
                var yb = Targets(batch.Take(data.Y));
                var pred = model.Forward(xb, training: false);
                sums.Add(0, model.Loss!.Call(yb, pred).sum());
                for (int i = 0; i < model.Metrics.Count; i++) sums.Add(i + 1, model.Metrics[i].Call(yb, pred).sum());
            }
            if (bar is not null && bar.WouldDraw(batch.End)) bar.Update(batch.End);
        }
        return sums.Means(n);
    }

    /// <summary>The model's outputs for every sample, as Keras's <c>predict_loop</c>: one float32 CPU tensor.</summary>
    public Tensor Predict(Tensor x, int batchSize, Progbar? bar)
    {
        long n = x.shape[0];
        using var guard = inference_mode();
        using var casts = ComputeCasts.Keep();
        var parts = new List<Tensor>();
        try
        {
            foreach (var batch in new BatchIterator(n, batchSize).Pass(shuffle: false))
            {
                using (var scope = NewDisposeScope())
                    parts.Add(model.Forward(Inputs(batch.Take(x)), training: false).cpu().contiguous().MoveToOuterDisposeScope());
                if (bar is not null && bar.WouldDraw(batch.End)) bar.Update(batch.End);
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    /// <summary>A batch of inputs on the model's device as float32 (uint8 images are accepted as they are).</summary>
    private Tensor Inputs(Tensor batch) => batch.to(Device).to(ScalarType.Float32);

    /// <summary>A batch of targets on the model's device: float targets as float32, integer labels unchanged.</summary>
    private Tensor Targets(Tensor batch)
    {
        var b = batch.to(Device);
        return b.is_floating_point() ? b.to(ScalarType.Float32) : b;
    }
}
