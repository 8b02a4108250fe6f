using System.Diagnostics;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Losses;
using Keras.Metrics;
using Keras.Optimizers;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// A linear stack of layers, as <c>keras.models.Sequential</c>: <c>Add</c>, <c>Compile</c>, <c>Fit</c>,
/// <c>Evaluate</c>, <c>Predict</c>, <c>Summary</c>. Inputs are channels-last (N, H, W, C) tensors.
/// </summary>
public sealed class Sequential
{
    private readonly List<Layer> _layers = new();
    private Shape? _inputShape;

    public Sequential(IEnumerable<Layer>? layers = null, string? name = null)
    {
        Name = name ?? $"sequential_{Backend.GetUid("sequential")}";
        foreach (var layer in layers ?? Array.Empty<Layer>()) Add(layer);
    }

    public string Name { get; }

    /// <summary>The layers, without the implicit input layer (as Keras's <c>model.layers</c>).</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    public Shape InputShape => _inputShape ?? throw new InvalidOperationException("The model has no layers yet.");

    public Shape OutputShape => _layers.Count > 0 ? _layers[^1].OutputShape : InputShape;

    public Optimizer? Optimizer { get; private set; }
    public Loss? Loss { get; private set; }
    public IReadOnlyList<Metric> Metrics { get; private set; } = Array.Empty<Metric>();

    /// <summary>Set by a callback to end training after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Where progress bars and summaries go; the console when null.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>
    /// Whether progress bars redraw in place. By default they do when writing to a console that is not
    /// redirected; set it when <see cref="Output"/> is a writer that ends up on a terminal.
    /// </summary>
    public bool? DynamicProgress { get; set; }

    private IEnumerable<Weight> AllWeights => _layers.SelectMany(l => l.Weights);
    private IEnumerable<Weight> TrainableWeights => _layers.SelectMany(l => l.TrainableWeights);
    internal IReadOnlyList<Weight> WeightList => AllWeights.ToList();
    internal IReadOnlyList<Weight> TrainableWeightList => TrainableWeights.ToList();

    /// <summary>The History that the running Fit fills (for callbacks that save or restore it).</summary>
    internal History? CurrentHistory { get; private set; }

    /// <summary>Set by a callback in OnTrainBegin to continue from this epoch instead of initial_epoch.</summary>
    internal int? ResumeEpoch { get; set; }

    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_inputShape is null)
        {
            _inputShape = layer.DeclaredInputShape ?? throw new ArgumentException(
                $"The first layer in a Sequential model must get an input_shape argument; '{layer.Name}' ({layer.GetType().Name}) has none. " +
                "Add input_shape: (32, 32, 3) (for example) to it, or add an InputLayer first.");
            if (layer is InputLayer) return;
        }
        else if (layer is InputLayer)
        {
            throw new ArgumentException($"An InputLayer can only be the first layer of a Sequential model; '{Name}' already has layers.");
        }
        layer.Build(OutputShape);
        _layers.Add(layer);
    }

    public long CountParams() => _layers.Sum(l => l.CountParams());

    /// <summary>Configures training. <c>optimizer</c>, <c>loss</c> and <c>metrics</c> accept Keras names or objects.</summary>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null)
    {
        if (_layers.Count == 0) throw new InvalidOperationException("Add layers to the model before compiling it.");
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Metrics = (metrics ?? Array.Empty<string>()).Select(m => Metric.Get(m, loss, OutputShape)).ToList();
    }

    /// <summary>Trains the model, as Keras 2.2's <c>fit</c>; returns the History.</summary>
    public History Fit(Tensor x, Tensor y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, (Tensor x, Tensor y)? validation_data = null,
        bool shuffle = true, int initial_epoch = 0)
    {
        RequireCompiled();
        CheckData(x, y, "training");
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        if (epochs < 0 || initial_epoch < 0) throw new ArgumentException("epochs and initial_epoch must not be negative.");
        if (verbose is < 0 or > 2) throw new ArgumentException($"verbose must be 0, 1 or 2; got {verbose}.");
        if (validation_split is < 0 or >= 1) throw new ArgumentException($"validation_split must be in [0, 1); got {validation_split}.");

        Tensor trainX = x, trainY = y;
        Tensor? valX = null, valY = null;
        if (validation_data is { } vd)
        {
            CheckData(vd.x, vd.y, "validation");
            (valX, valY) = (vd.x, vd.y);
        }
        else if (validation_split > 0)
        {
            // Keras takes the last fraction, before any shuffling.
            long n = x.shape[0];
            long split = (long)(n * (1 - validation_split));
            if (split <= 0 || split >= n)
                throw new ArgumentException($"validation_split={validation_split} leaves no training or no validation samples out of {n}.");
            (trainX, trainY) = (x.narrow(0, 0, split), y.narrow(0, 0, split));
            (valX, valY) = (x.narrow(0, split, n - split), y.narrow(0, split, n - split));
        }

        long samples = trainX.shape[0];
        var metricNames = new List<string> { "loss" };
        metricNames.AddRange(Metrics.Select(m => m.Name));
        if (valX is not null) metricNames.AddRange(metricNames.ToList().Select(m => "val_" + m));
        var fitParams = new FitParams(epochs, samples, batch_size, (samples + batch_size - 1) / batch_size, verbose, valX is not null, metricNames);

        var history = new History();
        var progress = verbose > 0 ? new ProgbarLogger(Output, DynamicProgress) : null;
        var userCallbacks = (callbacks ?? Array.Empty<Callback>()).ToList();
        var all = new List<Callback>(userCallbacks);
        if (progress is not null) all.Add(progress);
        all.Add(history);
        foreach (var cb in all)
        {
            cb.Model = this;
            cb.Params = fitParams;
        }
        bool batchValues = userCallbacks.Any(c => c.NeedsBatchValues);

        if (verbose > 0 && valX is not null)
            Out.WriteLine($"Train on {samples} samples, validate on {valX.shape[0]} samples");

        StopTraining = false;
        CurrentHistory = history;
        ResumeEpoch = null;
        var trainLogs = new Dictionary<string, double>();
        foreach (var cb in all) cb.OnTrainBegin(trainLogs);
        for (int epoch = Math.Max(initial_epoch, ResumeEpoch ?? 0); epoch < epochs && !StopTraining; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var logs = new Dictionary<string, double>();
            foreach (var cb in all) cb.OnEpochBegin(epoch, logs);
            bool finite = RunEpoch(trainX, trainY, batch_size, shuffle, all, progress, batchValues, logs);
            if (finite && valX is not null)
            {
                var (valLoss, valMetrics) = EvaluateCore(valX, valY!, batch_size, null);
                logs["val_loss"] = valLoss;
                for (int i = 0; i < Metrics.Count; i++) logs["val_" + Metrics[i].Name] = valMetrics[i];
            }
            // Recorded before the callbacks run, so a checkpoint taken at epoch end includes this epoch.
            history.Record(epoch, logs, clock.Elapsed.TotalSeconds);
            foreach (var cb in all.Where(c => c is not History)) cb.OnEpochEnd(epoch, logs);
        }
        foreach (var cb in all) cb.OnTrainEnd(trainLogs);
        CurrentHistory = null;
        return history;
    }

    /// <summary>One pass over the shuffled training data; false when the loss stopped being finite.</summary>
    private bool RunEpoch(Tensor x, Tensor y, int batchSize, bool shuffle, List<Callback> callbacks, ProgbarLogger? progress,
        bool batchValues, Dictionary<string, double> epochLogs)
    {
        long n = x.shape[0];
        var device = Backend.Device;
        using var order = shuffle ? randperm(n) : arange(n);
        // Sums stay on the device; they are read only when the bar draws, a NaN check is due, or the epoch ends.
        using var lossSum = zeros(1, ScalarType.Float64, device);
        var metricSums = Metrics.Select(_ => zeros(1, ScalarType.Float64, device)).ToArray();
        var checkClock = Stopwatch.StartNew();
        bool finite = true;
        try
        {
            long seen = 0;
            int batch = 0;
            for (long start = 0; start < n && !StopTraining; start += batchSize, batch++)
            {
                long size = Math.Min(batchSize, n - start);
                var batchLogs = new Dictionary<string, double> { ["batch"] = batch, ["size"] = size };
                foreach (var cb in callbacks) cb.OnBatchBegin(batch, batchLogs);
                using (var scope = NewDisposeScope())
                {
                    var idx = order.narrow(0, start, size);
                    var xb = Inputs(x.index_select(0, idx.to(x.device)), device);
                    var yb = Targets(y.index_select(0, idx.to(y.device)), device);
                    var pred = Forward(xb, training: true);
                    var loss = Loss!.Call(yb, pred).mean();
                    loss.backward();
                    Optimizer!.Step(TrainableWeights);
                    using (no_grad())
                    {
                        lossSum.add_(loss.detach().to(ScalarType.Float64), size);
                        for (int i = 0; i < Metrics.Count; i++)
                            metricSums[i].add_(Metrics[i].Call(yb, pred.detach()).sum().to(ScalarType.Float64));
                        if (batchValues)
                        {
                            batchLogs["loss"] = loss.item<float>();
                            for (int i = 0; i < Metrics.Count; i++)
                                batchLogs[Metrics[i].Name] = Metrics[i].Call(yb, pred.detach()).mean().item<float>();
                        }
                    }
                }
                seen += size;
                bool last = seen >= n;
                bool draw = progress is not null && !last && progress.WouldDraw(seen);
                if (draw || last || checkClock.Elapsed.TotalSeconds >= 0.05)
                {
                    checkClock.Restart();
                    double meanLoss = lossSum.item<double>() / seen;
                    if (!double.IsFinite(meanLoss))
                    {
                        finite = false;
                        StopTraining = true;
                        Out.WriteLine();
                        Out.WriteLine($"Batch {batch}: Invalid loss ({meanLoss}), terminating training. " +
                                      "Lower the learning rate, or check the inputs and labels for NaN or infinite values.");
                    }
                    if (draw)
                        progress!.Progress(seen, new[] { ("loss", meanLoss) }.Concat(
                            Metrics.Select((m, i) => (m.Name, metricSums[i].item<double>() / seen))));
                }
                foreach (var cb in callbacks) cb.OnBatchEnd(batch, batchLogs);
                if (last || StopTraining)
                {
                    epochLogs["loss"] = lossSum.item<double>() / seen;
                    for (int i = 0; i < Metrics.Count; i++) epochLogs[Metrics[i].Name] = metricSums[i].item<double>() / seen;
                }
            }
        }
        finally
        {
            foreach (var t in metricSums) t.Dispose();
        }
        return finite;
    }

    /// <summary>Loss and metrics on data, as Keras's <c>evaluate</c>: [loss, metric...], so <c>scores[1]</c> is the accuracy.</summary>
    public double[] Evaluate(Tensor x, Tensor y, int batch_size = 32, int verbose = 1)
    {
        RequireCompiled();
        CheckData(x, y, "evaluation");
        var bar = verbose > 0 ? new Progbar(x.shape[0], verbose: verbose, output: Output, dynamic: DynamicProgress) : null;
        var (loss, metrics) = EvaluateCore(x, y, batch_size, bar);
        return new[] { loss }.Concat(metrics).ToArray();
    }

    private (double Loss, double[] Metrics) EvaluateCore(Tensor x, Tensor y, int batchSize, Progbar? bar)
    {
        long n = x.shape[0];
        var device = Backend.Device;
        using var guard = inference_mode();
        using var lossSum = zeros(1, ScalarType.Float64, device);
        var metricSums = Metrics.Select(_ => zeros(1, ScalarType.Float64, device)).ToArray();
        try
        {
            for (long start = 0; start < n; start += batchSize)
            {
                long size = Math.Min(batchSize, n - start);
                using (var scope = NewDisposeScope())
                {
                    var xb = Inputs(x.narrow(0, start, size), device);
                    var yb = Targets(y.narrow(0, start, size), device);
                    var pred = Forward(xb, training: false);
                    lossSum.add_(Loss!.Call(yb, pred).sum().to(ScalarType.Float64));
                    for (int i = 0; i < Metrics.Count; i++)
                        metricSums[i].add_(Metrics[i].Call(yb, pred).sum().to(ScalarType.Float64));
                }
                if (bar is not null && bar.WouldDraw(start + size)) bar.Update(start + size);
            }
            return (lossSum.item<double>() / n, metricSums.Select(s => s.item<double>() / n).ToArray());
        }
        finally
        {
            foreach (var t in metricSums) t.Dispose();
        }
    }

    /// <summary>The model's outputs (probabilities for a softmax output) for each sample, as a float32 CPU tensor.</summary>
    public Tensor Predict(Tensor x, int batch_size = 32, int verbose = 0)
    {
        if (_layers.Count == 0) throw new InvalidOperationException("The model has no layers yet.");
        CheckInput(x);
        long n = x.shape[0];
        var device = Backend.Device;
        var bar = verbose > 0 ? new Progbar(n, verbose: verbose, output: Output, dynamic: DynamicProgress) : null;
        using var guard = inference_mode();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < n; start += batch_size)
            {
                long size = Math.Min(batch_size, n - start);
                using (var scope = NewDisposeScope())
                {
                    var xb = Inputs(x.narrow(0, start, size), device);
                    parts.Add(Forward(xb, training: false).cpu().contiguous().MoveToOuterDisposeScope());
                }
                if (bar is not null && bar.WouldDraw(start + size)) bar.Update(start + size);
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    /// <summary>The index of the highest output per sample, as Keras 2.2's <c>predict_classes</c>.</summary>
    public Tensor PredictClasses(Tensor x, int batch_size = 32, int verbose = 0)
    {
        using var probabilities = Predict(x, batch_size, verbose);
        return OutputShape[-1] == 1 ? probabilities.gt(0.5).to(ScalarType.Int64).reshape(-1) : probabilities.argmax(-1);
    }

    private Tensor Forward(Tensor x, bool training)
    {
        var h = Layout.ToEngine(x);
        foreach (var layer in _layers) h = layer.Call(h, training);
        return Layout.ToKeras(h);
    }

    /// <summary>A batch of inputs on the device as float32 (uint8 images are accepted as they are).</summary>
    private static Tensor Inputs(Tensor batch, Device device) => batch.to(device).to(ScalarType.Float32);

    /// <summary>A batch of targets on the device: float targets as float32, integer labels unchanged.</summary>
    private static Tensor Targets(Tensor batch, Device device)
    {
        var b = batch.to(device);
        return b.is_floating_point() ? b.to(ScalarType.Float32) : b;
    }

    /// <summary>Prints the Keras 2.2 summary table: layer names, output shapes, parameter counts.</summary>
    public void Summary(int line_length = 65, Action<string>? print_fn = null) =>
        ModelSummary.Print(this, line_length, print_fn ?? Out.WriteLine);

    /// <summary>The weights of every layer in Keras's layouts and order.</summary>
    public Tensor[] GetWeights() => AllWeights.Select(w => w.Get()).ToArray();

    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        var all = AllWeights.ToList();
        if (weights.Count != all.Count)
            throw new ArgumentException($"The model has {all.Count} weights, but {weights.Count} values were given.");
        for (int i = 0; i < all.Count; i++) all[i].Set(weights[i]);
    }

    /// <summary>Saves the weights to a file (format: see WeightsFile.cs and the README), atomically.</summary>
    public void SaveWeights(string filepath) => WeightsFile.Save(filepath, AllWeights.ToList());

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> into a model of the same architecture.</summary>
    public void LoadWeights(string filepath) => WeightsFile.Load(filepath, AllWeights.ToList());

    internal TextWriter Out => Output ?? Console.Out;

    private void RequireCompiled()
    {
        if (Optimizer is null || Loss is null)
            throw new InvalidOperationException(
                "You must compile a model before training or testing it: call model.Compile(optimizer: ..., loss: ..., metrics: ...).");
    }

    private void CheckInput(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var expected = InputShape.Dims.Select(d => (long)d);
        if (x.dim() != InputShape.Rank + 1 || !x.shape.Skip(1).SequenceEqual(expected))
        {
            string layer = _layers.Count > 0 ? _layers[0].Name : Name;
            throw new ArgumentException(
                $"Error when checking input: expected {layer}_input to have shape {InputShape.ToBatchString()} " +
                $"but got array with shape {Losses.Loss.Describe(x.shape)}. Reshape the data to (samples, {string.Join(", ", InputShape.Dims)}) " +
                "or build the model with a matching input_shape.");
        }
        if (x.shape[0] == 0) throw new ArgumentException("The input array holds no samples.");
    }

    private void CheckData(Tensor x, Tensor y, string what)
    {
        CheckInput(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.dim() == 0 || y.shape[0] != x.shape[0])
            throw new ArgumentException(
                $"Input arrays should have the same number of samples as target arrays ({what} data). " +
                $"Found {x.shape[0]} input samples and {(y.dim() == 0 ? 0 : y.shape[0])} target samples.");
        Loss!.ValidateTargets(y.shape, OutputShape);
    }
}
