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
internal sealed class Trainer(BaseModel model)
{
    private Device Device => model.Device;

    /// <summary>Fit on arrays: each epoch one pass of <see cref="BatchIterator"/>, shuffled (from the model's generator) or in order.</summary>
    public History Fit(DataArrays train, Validation? validation, FitParams fitParams, bool shuffle, int initialEpoch, IEnumerable<Callback> callbacks)
    {
        var batches = new BatchIterator(fitParams.Samples, fitParams.BatchSize, model.Random);
        return Fit(() => batches.Pass(shuffle).Select(b => new TrainBatch(b.Index, b.End >= fitParams.Samples, () =>
            {
                using var scope = NewDisposeScope(); // frees the index tensors that gathering makes
                return new DataArrays(train.X.Select(t => b.Take(t).MoveToOuterDisposeScope()).ToList(),
                    train.Y.Select(t => b.Take(t).MoveToOuterDisposeScope()).ToList(),
                    train.SampleWeights is null ? null : b.Take(train.SampleWeights).MoveToOuterDisposeScope());
            })), validation, fitParams, initialEpoch, callbacks);
    }

    /// <summary>The fit loop over any source of batches: <paramref name="epoch"/> gives each epoch's batches in order.</summary>
    public History Fit(Func<IEnumerable<TrainBatch>> epoch, Validation? validation, FitParams fitParams, int initialEpoch, IEnumerable<Callback> callbacks)
    {
        var history = new History();
        var state = new TrainingState(history, initialEpoch);
        // History first, so that a callback saving it at an epoch's end sees that epoch; the progress bar before the
        // user's callbacks, as Keras draws it before their lines; TerminateOnNaN unless the user brings one.
        var given = callbacks.ToList();
        var all = new List<Callback> { history };
        if (fitParams.Verbose > 0) all.Add(new ProgbarLogger(model.Writer, model.DynamicProgress));
        if (!given.OfType<TerminateOnNaN>().Any()) all.Add(new TerminateOnNaN());
        all.AddRange(given);
        var list = new CallbackList(all, model, fitParams, state);

        if (fitParams.Verbose > 0 && validation is { Samples: long validating } && !fitParams.CountSteps)
            model.Out.WriteLine($"Train on {fitParams.Samples} samples, validate on {validating} samples");
        model.StopTraining = false;
        var trainLogs = new Dictionary<string, double>();
        list.OnTrainBegin(trainLogs);
        for (int e = state.InitialEpoch; e < fitParams.Epochs && !model.StopTraining; e++)
        {
            var logs = new Dictionary<string, double>();
            list.OnEpochBegin(e, logs);
            TrainEpoch(epoch(), list, state, logs);
            // Keras 2.2's fit_loop leaves validation out of an epoch that a callback stopped: a NaN run has nothing to validate.
            if (validation is { } val && !model.StopTraining)
            {
                foreach (var (name, value) in Test(val.Batches(), null, countSteps: false)) logs["val_" + name] = value;
            }
            list.OnEpochEnd(e, logs);
        }
        list.OnTrainEnd(trainLogs);
        return history;
    }

    /// <summary>One pass over the training data, or until a callback stops training; the epoch's means go into <paramref name="epochLogs"/>.</summary>
    private void TrainEpoch(IEnumerable<TrainBatch> pass, CallbackList callbacks, TrainingState state, Dictionary<string, double> epochLogs)
    {
        var objectives = model.CompiledObjectives;
        var trainable = model.TrainableWeightList;
        using var sums = new MetricSums(objectives.Names, Device);
        state.SamplesSeen = 0;
        state.StepsSeen = 0;
        state.Sums = sums;
        try
        {
            long seen = 0;
            foreach (var batch in pass)
            {
                if (model.StopTraining) break;
                var data = batch.Take();
                long size = data.Samples;
                var batchLogs = new Dictionary<string, double> { ["batch"] = batch.Index, ["size"] = size };
                callbacks.OnBatchBegin(batch.Index, batchLogs);
                using (var scope = NewDisposeScope())
                {
                    var (losses, metrics) = Step(data, trainable);
                    for (int i = 0; i < losses.Count; i++) sums.Add(i, losses[i], size);
                    for (int i = 0; i < metrics.Count; i++) sums.Add(objectives.LossCount + i, metrics[i].sum());
                    if (callbacks.NeedsBatchValues)
                    {
                        for (int i = 0; i < losses.Count; i++) batchLogs[objectives.Names[i]] = losses[i].item<float>();
                        for (int i = 0; i < metrics.Count; i++) batchLogs[objectives.Names[objectives.LossCount + i]] = metrics[i].mean().item<float>();
                    }
                }
                Free(data);
                seen += size;
                state.SamplesSeen = seen;
                state.StepsSeen = batch.Index + 1;
                callbacks.OnBatchEnd(batch.Index, batchLogs);
                if (batch.Last || model.StopTraining)
                {
                    foreach (var (name, value) in sums.Means(seen)) epochLogs[name] = value;
                }
            }
        }
        finally
        {
            state.Sums = null;
        }
    }

    /// <summary>
    /// One gradient step, as Keras's <c>train_on_batch</c> and each step of the fit loop: the losses (the total, then each
    /// output's when there are several) and each metric per sample, all detached, computed before the update. Under a
    /// mixed policy the layers read their weights' training copies (<see cref="ComputeCasts"/>).
    /// </summary>
    private (List<Tensor> Losses, List<Tensor> Metrics) Step(DataArrays data, IReadOnlyList<Weight> trainable)
    {
        var objectives = model.CompiledObjectives;
        using var casts = new ComputeCasts(training: true);
        var context = new CallContext(training: true, model.Random, casts);
        var yb = data.Y.Select(Targets).ToList();
        var (predictions, masks) = model.ForwardWithMasks(data.X.Select(Inputs).ToList(), context);
        var (loss, perOutput) = objectives.BatchLoss(yb, predictions, data.SampleWeights?.to(Device), masks);
        loss.backward();
        model.Optimizer!.Step(trainable);
        using var guard = no_grad();
        var losses = new[] { loss }.Concat(perOutput.Length > 1 ? perOutput : Array.Empty<Tensor>()).Select(l => l.detach()).ToList();
        return (losses, objectives.MetricsPerSample(yb, predictions.Select(p => p.detach()).ToList(), masks).ToList());
    }

    /// <summary>One gradient step on one batch, as Keras's <c>train_on_batch</c>: the batch's loss and metrics, in the order of the metrics names.</summary>
    public double[] TrainOnBatch(DataArrays data)
    {
        using var scope = NewDisposeScope();
        var (losses, metrics) = Step(data, model.TrainableWeightList);
        return losses.Select(l => (double)l.item<float>()).Concat(metrics.Select(m => (double)m.mean().item<float>())).ToArray();
    }

    /// <summary>
    /// The loss and metrics over batches, as Keras's <c>test_loop</c> and <c>evaluate_generator</c>: per-sample means in the
    /// order of the model's metrics names. The bar counts samples, or batches with <paramref name="countSteps"/>.
    /// </summary>
    public IReadOnlyList<(string Name, double Value)> Test(IEnumerable<DataArrays> batches, Progbar? bar, bool countSteps)
    {
        var objectives = model.CompiledObjectives;
        using var guard = inference_mode();
        using var casts = new ComputeCasts();
        var context = new CallContext(training: false, model.Random, casts);
        using var sums = new MetricSums(objectives.Names, Device);
        long n = 0, steps = 0;
        foreach (var data in batches)
        {
            using (var scope = NewDisposeScope())
            {
                var xb = data.X.Select(Inputs).ToList();
                var yb = data.Y.Select(Targets).ToList();
                var (outputs, masks) = model.ForwardWithMasks(xb, context);
                var values = objectives.PerSample(yb, outputs, masks).ToList();
                for (int i = 0; i < values.Count; i++) sums.Add(i, values[i].sum());
            }
            n += data.Samples;
            steps++;
            Free(data);
            if (bar is not null && bar.WouldDraw(countSteps ? steps : n)) bar.Update(countSteps ? steps : n);
        }
        return sums.Means(n);
    }

    /// <summary>
    /// The model's outputs for every batch's inputs, as Keras's <c>predict_loop</c> and <c>predict_generator</c>: one
    /// float32 CPU tensor per output. The bar counts samples, or batches with <paramref name="countSteps"/>.
    /// </summary>
    public Tensor[] Predict(IEnumerable<DataArrays> batches, Progbar? bar, bool countSteps)
    {
        using var guard = inference_mode();
        using var casts = new ComputeCasts();
        var context = new CallContext(training: false, model.Random, casts);
        var parts = model.Outputs.Select(_ => new List<Tensor>()).ToList();
        long n = 0, steps = 0;
        try
        {
            foreach (var data in batches)
            {
                using (var scope = NewDisposeScope())
                {
                    var outputs = model.Forward(data.X.Select(Inputs).ToList(), context);
                    for (int i = 0; i < outputs.Count; i++) parts[i].Add(outputs[i].cpu().contiguous().MoveToOuterDisposeScope());
                }
                n += data.Samples;
                steps++;
                Free(data);
                if (bar is not null && bar.WouldDraw(countSteps ? steps : n)) bar.Update(countSteps ? steps : n);
            }
            return parts.Select(p => cat(p, 0)).ToArray();
        }
        finally
        {
            foreach (var p in parts.SelectMany(p => p)) p.Dispose();
        }
    }

    /// <summary>Frees what a batch was made of: views of arrays or a generator's tensors, never the arrays themselves.</summary>
    private static void Free(DataArrays batch)
    {
        foreach (var t in batch.X.Concat(batch.Y)) t.Dispose();
        batch.SampleWeights?.Dispose();
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
