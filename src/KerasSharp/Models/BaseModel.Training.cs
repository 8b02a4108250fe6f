using Keras.Callbacks;
using Keras.Losses;
using Keras.Metrics;
using Keras.Optimizers;
using Keras.Utils;
using Numpy;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>The training half of a model, as Keras's <c>training.py</c>: Compile, Fit, Evaluate, Predict.</summary>
public abstract partial class BaseModel
{
    private Objectives? _objectives;

    /// <summary>The optimizer given to <see cref="Compile(Optimizer, Loss, IEnumerable{string}?, IEnumerable{double}?)"/>; null before.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss of the (first) output given to Compile; null before.</summary>
    public Loss? Loss => _objectives?.Losses[0];

    /// <summary>Each output's loss; empty before Compile.</summary>
    public IReadOnlyList<Loss> Losses => _objectives?.Losses ?? Array.Empty<Loss>();

    /// <summary>Each output's weight in the total loss (1 unless Compile's <c>loss_weights</c> says otherwise).</summary>
    public IReadOnlyList<double> LossWeights => _objectives?.Weights ?? Array.Empty<double>();

    /// <summary>The metrics given to Compile, resolved as Keras 2.2 does, for each output in turn.</summary>
    public IReadOnlyList<Metric> Metrics => _objectives?.Metrics.SelectMany(m => m).ToList() ?? new List<Metric>();

    /// <summary>The names Evaluate's values and Fit's logs go by, as Keras's <c>model.metrics_names</c>: <c>loss</c>, then per-output losses and the metrics.</summary>
    public IReadOnlyList<string> MetricsNames => _objectives?.Names ?? Array.Empty<string>();

    /// <summary>Set by a callback to end training after the current batch.</summary>
    public bool StopTraining { get; set; }

    internal Objectives CompiledObjectives => _objectives ?? throw new InvalidOperationException(
        "You must compile a model before training or testing it: call model.Compile(optimizer: ..., loss: ..., metrics: ...).");

    /// <summary>Configures training with one loss for every output. <c>optimizer</c>, <c>loss</c> and <c>metrics</c> accept Keras names or objects.</summary>
    /// <param name="optimizer">An optimizer, or its Keras name (<c>"sgd"</c>, <c>"adam"</c>...).</param>
    /// <param name="loss">A loss, or its Keras name (<c>"categorical_crossentropy"</c>...), used for every output.</param>
    /// <param name="metrics">Metric names to log beside the loss, such as <c>new[] { "accuracy" }</c>, for every output.</param>
    /// <param name="loss_weights">Each output's weight in the total loss; 1 each by default.</param>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null, IEnumerable<double>? loss_weights = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Compile(optimizer, Enumerable.Repeat(loss, Math.Max(1, Outputs.Count)), metrics, loss_weights);
    }

    /// <summary>Configures training with a loss per output, in the order of <see cref="Outputs"/>.</summary>
    /// <param name="optimizer">An optimizer, or its Keras name.</param>
    /// <param name="loss">One loss per output.</param>
    /// <param name="metrics">Metric names to log for every output.</param>
    /// <param name="loss_weights">Each output's weight in the total loss; 1 each by default.</param>
    public void Compile(Optimizer optimizer, IEnumerable<Loss> loss, IEnumerable<string>? metrics = null, IEnumerable<double>? loss_weights = null)
    {
        var names = (metrics ?? Array.Empty<string>()).ToList();
        Compile(optimizer, loss, Enumerable.Repeat<IReadOnlyList<string>>(names, Math.Max(1, Outputs.Count)).ToList(), loss_weights);
    }

    /// <summary>Configures training with a loss and metrics per output (as a file's training config may say).</summary>
    /// <param name="optimizer">An optimizer.</param>
    /// <param name="loss">One loss per output.</param>
    /// <param name="metrics">Metric names for each output.</param>
    /// <param name="loss_weights">Each output's weight in the total loss; 1 each by default.</param>
    internal void Compile(Optimizer optimizer, IEnumerable<Loss> loss, IReadOnlyList<IReadOnlyList<string>> metrics, IEnumerable<double>? loss_weights)
    {
        if (Outputs.Count == 0) throw new InvalidOperationException("Add layers to the model before compiling it.");
        ArgumentNullException.ThrowIfNull(optimizer);
        var losses = (loss ?? throw new ArgumentNullException(nameof(loss))).ToList();
        if (losses.Count != Outputs.Count)
            throw new ArgumentException($"The model has {Outputs.Count} output(s) ({string.Join(", ", OutputNames)}), but {losses.Count} losses were given: give one per output, or one for all.");
        var weights = loss_weights?.ToList() ?? Enumerable.Repeat(1.0, Outputs.Count).ToList();
        if (weights.Count != Outputs.Count)
            throw new ArgumentException($"loss_weights holds {weights.Count} value(s); the model has {Outputs.Count} output(s).");
        if (metrics.Count != Outputs.Count) throw new ArgumentException($"Metrics were given for {metrics.Count} output(s); the model has {Outputs.Count}.");
        var objectives = new Objectives(OutputNames, OutputShapes, losses, weights, metrics);
        (Optimizer, _objectives) = (optimizer, objectives);
    }

    /// <summary>Configures training with a loss per output given by its Keras name, in the order of <see cref="Outputs"/>.</summary>
    /// <param name="optimizer">An optimizer, or its Keras name.</param>
    /// <param name="loss">One loss name per output.</param>
    /// <param name="metrics">Metric names to log for every output.</param>
    /// <param name="loss_weights">Each output's weight in the total loss; 1 each by default.</param>
    public void Compile(Optimizer optimizer, IEnumerable<string> loss, IEnumerable<string>? metrics = null, IEnumerable<double>? loss_weights = null) =>
        Compile(optimizer, (loss ?? throw new ArgumentNullException(nameof(loss))).Select(Keras.Losses.Loss.Get), metrics, loss_weights);

    /// <summary>Configures training with a loss per output given by output name, as Keras's <c>loss={'dense_2': 'mse', ...}</c>.</summary>
    /// <param name="optimizer">An optimizer, or its Keras name.</param>
    /// <param name="loss">A loss for each output, by the name of the layer that makes it.</param>
    /// <param name="metrics">Metric names to log for every output.</param>
    /// <param name="loss_weights">Each output's weight in the total loss, by output name; 1 for an output not named.</param>
    public void Compile(Optimizer optimizer, IReadOnlyDictionary<string, Loss> loss, IEnumerable<string>? metrics = null,
        IReadOnlyDictionary<string, double>? loss_weights = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var unknown = loss.Keys.Concat(loss_weights?.Keys ?? Enumerable.Empty<string>()).Where(k => !OutputNames.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown output(s) [{string.Join(", ", unknown)}]; the model's outputs are [{string.Join(", ", OutputNames)}].");
        Compile(optimizer, OutputNames.Select(n => loss.TryGetValue(n, out var l) ? l
                : throw new ArgumentException($"No loss was given for output '{n}'; the loss dictionary must name every output.")),
            metrics, OutputNames.Select(n => loss_weights is not null && loss_weights.TryGetValue(n, out var w) ? w : 1.0));
    }

    /// <summary>Trains the model, as Keras 2.2's <c>fit</c>; returns the History.</summary>
    /// <param name="x">Training inputs, (N, ...) as the model's input shape; uint8 images are accepted.</param>
    /// <param name="y">Training targets, as the loss expects them (one-hot for categorical crossentropy).</param>
    /// <param name="batch_size">Samples per gradient update.</param>
    /// <param name="epochs">The epoch to train up to (exclusive, counted from 0), as in Keras.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_split">A fraction of the training data, taken from the end before shuffling, to validate on instead.</param>
    /// <param name="validation_data">Inputs and targets to validate on after each epoch.</param>
    /// <param name="shuffle">Whether to shuffle the training data before each epoch.</param>
    /// <param name="class_weight">A weight for each class's samples in the loss (the class being the target's argmax, or the label), as Keras's; metrics are not weighted.</param>
    /// <param name="sample_weight">A weight per training sample in the loss, (N); metrics are not weighted.</param>
    /// <param name="initial_epoch">The epoch to start at, to continue an earlier run.</param>
    /// <returns>The History: loss and metrics per epoch.</returns>
    public History Fit(Tensor x, Tensor y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, (Tensor x, Tensor y)? validation_data = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? class_weight = null, Tensor? sample_weight = null, int initial_epoch = 0) =>
        Fit(new[] { x }, new[] { y }, batch_size, epochs, verbose, callbacks, validation_split,
            validation_data is { } v ? (new[] { v.x }, new[] { v.y }) : null, shuffle, class_weight, sample_weight, initial_epoch);

    /// <summary>Trains a model of several inputs or outputs on one array per input and one per output, as Keras's <c>fit([x1, x2], [y1, y2])</c>.</summary>
    /// <param name="x">One array per input, in the order of <see cref="Inputs"/>.</param>
    /// <param name="y">One array per output, in the order of <see cref="Outputs"/>.</param>
    /// <param name="batch_size">Samples per gradient update.</param>
    /// <param name="epochs">The epoch to train up to.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_split">A fraction of the training data, taken from the end before shuffling, to validate on instead.</param>
    /// <param name="validation_data">Input arrays and target arrays to validate on after each epoch.</param>
    /// <param name="shuffle">Whether to shuffle the training data before each epoch.</param>
    /// <param name="class_weight">A weight for each class's samples in the loss (single-output models).</param>
    /// <param name="sample_weight">A weight per training sample in the loss, (N), for every output.</param>
    /// <param name="initial_epoch">The epoch to start at.</param>
    /// <returns>The History.</returns>
    public History Fit(Tensor[] x, Tensor[] y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, (Tensor[] x, Tensor[] y)? validation_data = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? class_weight = null, Tensor? sample_weight = null, int initial_epoch = 0)
    {
        _ = CompiledObjectives;
        var targets = TrainingUtils.CheckData(this, x, y, "training");
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        CheckEpochsAndVerbose(epochs, initial_epoch, verbose);
        if (validation_split is < 0 or >= 1) throw new ArgumentException($"validation_split must be in [0, 1); got {validation_split}.");
        var weights = TrainingUtils.SampleWeights(targets, class_weight?.ToDictionary(kv => kv.Key, kv => (double)kv.Value), sample_weight);
        var train = new DataArrays(x, targets, weights);
        DataArrays? validation = null;
        if (validation_data is { } vd)
            validation = new DataArrays(vd.x, TrainingUtils.CheckData(this, vd.x, vd.y, "validation"));
        else if (validation_split > 0)
            (train, validation) = TrainingUtils.ValidationSplit(train, validation_split);

        long samples = train.Samples;
        var fitParams = new FitParams(epochs, samples, batch_size, (samples + batch_size - 1) / batch_size, verbose, validation is not null, LoggedNames(validation is not null));
        return new Trainer(this).Fit(train, validation is null ? null : Validating(validation, batch_size), fitParams, shuffle, initial_epoch, callbacks ?? Array.Empty<Callback>());
    }

    /// <summary>
    /// Trains the model on batches from a generator, as Keras's <c>fit</c> takes an <c>ImageDataGenerator.flow</c>:
    /// <paramref name="steps_per_epoch"/> batches make an epoch, and progress counts batches.
    /// </summary>
    /// <param name="generator">The batches, such as <c>datagen.Flow(x_train, y_train, batch_size: 32)</c>.</param>
    /// <param name="steps_per_epoch">Batches per epoch; by default one pass over the generator's data (its <c>Length</c>).</param>
    /// <param name="epochs">The epoch to train up to (exclusive, counted from 0), as in Keras.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_data">Inputs and targets to validate on after each epoch, in batches of the generator's size.</param>
    /// <param name="initial_epoch">The epoch to start at, to continue an earlier run.</param>
    /// <returns>The History: loss and metrics per epoch.</returns>
    public History Fit(IDataIterator generator, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, (Tensor x, Tensor y)? validation_data = null, int initial_epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Validation? validation = validation_data is { } vd
            ? Validating(new DataArrays(new[] { vd.x }, TrainingUtils.CheckData(this, new[] { vd.x }, new[] { vd.y }, "validation")), generator.BatchSize)
            : null;
        return FitBatches(generator, steps_per_epoch, epochs, verbose, callbacks, validation, null, initial_epoch);
    }

    /// <summary>
    /// Trains the model on batches from a generator, as Keras 2.2's <c>fit_generator</c>: <paramref name="steps_per_epoch"/>
    /// batches make an epoch, then <paramref name="validation_steps"/> batches of <paramref name="validation_data"/>, if given,
    /// are evaluated. Progress counts batches. Keras's <c>workers</c> and <c>max_queue_size</c> have no counterpart: the
    /// iterators make their batches ahead on a thread of their own where there are idle cores.
    /// </summary>
    /// <param name="generator">The batches, such as <c>datagen.FlowFromDirectory("data/train", target_size: (150, 150))</c>.</param>
    /// <param name="steps_per_epoch">Batches per epoch; by default one pass over the generator's data (its <c>Length</c>).</param>
    /// <param name="epochs">The epoch to train up to (exclusive, counted from 0), as in Keras.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_data">Batches to validate on after each epoch.</param>
    /// <param name="validation_steps">Validation batches per epoch; by default one pass (its <c>Length</c>).</param>
    /// <param name="class_weight">A weight for each class's samples in the loss (the class being the target's argmax, or the label).</param>
    /// <param name="initial_epoch">The epoch to start at, to continue an earlier run.</param>
    /// <returns>The History: loss and metrics per epoch.</returns>
    public History FitGenerator(IDataIterator generator, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, IDataIterator? validation_data = null, int? validation_steps = null,
        IReadOnlyDictionary<int, float>? class_weight = null, int initial_epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Validation? validation = null;
        if (validation_data is not null)
        {
            CheckGenerator(validation_data, "validation_data", targets: true);
            int steps = Steps(validation_steps, validation_data, "validation_steps");
            validation = new Validation(null, () => DataBatches.Of(validation_data, steps, this));
        }
        return FitBatches(generator, steps_per_epoch, epochs, verbose, callbacks, validation, class_weight, initial_epoch);
    }

    private History FitBatches(IDataIterator generator, int? stepsPerEpoch, int epochs, int verbose, IEnumerable<Callback>? callbacks,
        Validation? validation, IReadOnlyDictionary<int, float>? classWeight, int initialEpoch)
    {
        CheckGenerator(generator, "generator", targets: true);
        int steps = Steps(stepsPerEpoch, generator, "steps_per_epoch");
        CheckEpochsAndVerbose(epochs, initialEpoch, verbose);
        var weights = classWeight?.ToDictionary(kv => kv.Key, kv => (double)kv.Value);
        long samples = steps == generator.Length ? generator.Samples : (long)steps * generator.BatchSize;
        var fitParams = new FitParams(epochs, samples, generator.BatchSize, steps, verbose, validation is not null, LoggedNames(validation is not null), CountSteps: true);
        IEnumerable<TrainBatch> Epoch()
        {
            var batches = DataBatches.Of(generator, steps, this).GetEnumerator();
            return Enumerable.Range(0, steps).Select(i => new TrainBatch(i, i == steps - 1, () =>
            {
                batches.MoveNext();
                var data = batches.Current;
                return weights is null ? data : data with { SampleWeights = TrainingUtils.SampleWeights(data.Y, weights, null) };
            }));
        }
        return new Trainer(this).Fit(Epoch, validation, fitParams, initialEpoch, callbacks ?? Array.Empty<Callback>());
    }

    /// <summary>One gradient step on one batch, as Keras's <c>train_on_batch</c> (GANs and custom loops call it).</summary>
    /// <param name="x">The batch's inputs.</param>
    /// <param name="y">The batch's targets.</param>
    /// <param name="sample_weight">A weight per sample in the loss.</param>
    /// <param name="class_weight">A weight for each class's samples in the loss.</param>
    /// <returns>The batch's loss, then each metric, computed before the update, in the order of <see cref="MetricsNames"/>.</returns>
    public double[] TrainOnBatch(NDarray x, NDarray y, NDarray? sample_weight = null, IReadOnlyDictionary<int, float>? class_weight = null) =>
        TrainOnBatch(new[] { x }, y, sample_weight, class_weight);

    /// <summary>One gradient step on one batch of a model of several inputs, as Keras's <c>train_on_batch([x1, x2], y)</c>.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="y">The batch's targets.</param>
    /// <param name="sample_weight">A weight per sample in the loss.</param>
    /// <param name="class_weight">A weight for each class's samples in the loss.</param>
    /// <returns>The batch's loss, then each metric.</returns>
    public double[] TrainOnBatch(NDarray[] x, NDarray y, NDarray? sample_weight = null, IReadOnlyDictionary<int, float>? class_weight = null)
    {
        _ = CompiledObjectives;
        var inputs = Tensors(x);
        var targets = TrainingUtils.CheckData(this, inputs, new[] { y.Tensor }, "training");
        var weights = TrainingUtils.SampleWeights(targets, class_weight?.ToDictionary(kv => kv.Key, kv => (double)kv.Value), sample_weight?.Tensor);
        return new Trainer(this).TrainOnBatch(new DataArrays(inputs, targets, weights));
    }

    /// <summary>Loss and metrics on one batch, as Keras's <c>test_on_batch</c>.</summary>
    /// <param name="x">The batch's inputs.</param>
    /// <param name="y">The batch's targets.</param>
    /// <returns>The loss, then each metric.</returns>
    public double[] TestOnBatch(NDarray x, NDarray y) => TestOnBatch(new[] { x }, y);

    /// <summary>Loss and metrics on one batch of a model of several inputs, as Keras's <c>test_on_batch([x1, x2], y)</c>.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="y">The batch's targets.</param>
    /// <returns>The loss, then each metric.</returns>
    public double[] TestOnBatch(NDarray[] x, NDarray y)
    {
        var inputs = Tensors(x);
        return Evaluate(inputs, new[] { y.Tensor }, batch_size: (int)Math.Max(1, inputs[0].shape[0]), verbose: 0);
    }

    /// <summary>The model's outputs for one batch, as Keras's <c>predict_on_batch</c>.</summary>
    /// <param name="x">The batch's inputs.</param>
    /// <returns>The outputs, float32.</returns>
    public NDarray PredictOnBatch(NDarray x) => PredictOnBatch(new[] { x });

    /// <summary>The outputs of a model of several inputs for one batch, as Keras's <c>predict_on_batch([x1, x2])</c>.</summary>
    /// <param name="x">One array per input.</param>
    /// <returns>The outputs, float32.</returns>
    public NDarray PredictOnBatch(NDarray[] x)
    {
        var inputs = Tensors(x);
        return new(Predict(inputs, batch_size: (int)Math.Max(1, inputs[0].shape[0])));
    }

    /// <summary>Loss and metrics over batches of a generator, as Keras 2.2's <c>evaluate_generator</c>: per-sample means.</summary>
    /// <param name="generator">The batches, with targets.</param>
    /// <param name="steps">Batches to evaluate; by default one pass (its <c>Length</c>).</param>
    /// <param name="verbose">1 for a progress bar counting batches; 0 for none.</param>
    /// <returns>The loss, then each metric, in the order of <see cref="MetricsNames"/>.</returns>
    public double[] EvaluateGenerator(IDataIterator generator, int? steps = null, int verbose = 0)
    {
        _ = CompiledObjectives;
        CheckGenerator(generator, "generator", targets: true);
        int count = Steps(steps, generator, "steps");
        var bar = ProgressBar(count, verbose);
        return new Trainer(this).Test(DataBatches.Of(generator, count, this), bar, countSteps: true).Select(m => m.Value).ToArray();
    }

    /// <summary>The model's outputs for batches of a generator, as Keras 2.2's <c>predict_generator</c>: targets, if any, are ignored.</summary>
    /// <param name="generator">The batches, such as <c>FlowFromDirectory(..., class_mode: null, shuffle: false)</c>, so that the order is the files'.</param>
    /// <param name="steps">Batches to predict; by default one pass (its <c>Length</c>).</param>
    /// <param name="verbose">1 for a progress bar counting batches; 0 for none.</param>
    /// <returns>The outputs, float32, one row per sample.</returns>
    public NDarray PredictGenerator(IDataIterator generator, int? steps = null, int verbose = 0)
    {
        CheckGenerator(generator, "generator", targets: false);
        int count = Steps(steps, generator, "steps");
        var bar = ProgressBar(count, verbose);
        return new(Single(new Trainer(this).Predict(DataBatches.Of(generator, count, null), bar, countSteps: true)));
    }

    /// <summary>The bar Evaluate and Predict draw for <paramref name="target"/> samples or steps: only at verbose 1, as Keras's.</summary>
    private Progbar? ProgressBar(long target, int verbose) =>
        verbose == 1 ? new Progbar(target, verbose: verbose, output: Writer, dynamic: DynamicProgress) : null;

    /// <summary>Checks that a generator's batches fit the model: one input and one output, their shapes, and its targets.</summary>
    private void CheckGenerator(IDataIterator generator, string name, bool targets)
    {
        ArgumentNullException.ThrowIfNull(generator, name);
        if (Inputs.Count != 1 || (targets && Outputs.Count != 1))
            throw new ArgumentException($"A generator gives one input array and one target array; this model has {Inputs.Count} input(s) and {Outputs.Count} output(s).");
        if (!generator.InputShape.Equals(InputShape))
            throw new ArgumentException($"The {name}'s samples have shape {generator.InputShape}, but the model takes {InputShape}.");
        // Each batch's targets are checked as it comes, as arrays are (TrainingUtils.CheckData).
        if (targets && generator.TargetShape is null)
            throw new ArgumentException($"The {name}'s batches carry no targets (class_mode null); training and evaluation need them. Use PredictGenerator.");
    }

    private static int Steps(int? steps, IDataIterator generator, string name)
    {
        int count = steps ?? generator.Length;
        return count > 0 ? count : throw new ArgumentException($"{name} must be positive; got {count}.");
    }

    /// <summary>Validation on arrays, in batches of the training's size.</summary>
    private Validation Validating(DataArrays data, int batchSize) => new(data.Samples, () => DataBatches.Of(data, batchSize, Random));

    /// <summary>Trains on NumPy-style arrays, as Keras.NET's <c>Fit</c>; the same training as the tensor overload.</summary>
    /// <param name="x">Training inputs.</param>
    /// <param name="y">Training targets.</param>
    /// <param name="batch_size">Samples per gradient update.</param>
    /// <param name="epochs">The epoch to train up to.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_split">A fraction of the training data, taken from the end, to validate on instead.</param>
    /// <param name="validation_data">Inputs and targets to validate on, as Keras.NET passes them: <c>new NDarray[] { x_test, y_test }</c>.</param>
    /// <param name="shuffle">Whether to shuffle the training data before each epoch.</param>
    /// <param name="class_weight">A weight for each class's samples in the loss.</param>
    /// <param name="sample_weight">A weight per training sample in the loss.</param>
    /// <param name="initial_epoch">The epoch to start at.</param>
    /// <returns>The History.</returns>
    public History Fit(NDarray x, NDarray y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, NDarray[]? validation_data = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? class_weight = null, NDarray? sample_weight = null, int initial_epoch = 0)
    {
        if (validation_data is { Length: not 2 })
            throw new ArgumentException($"validation_data takes two arrays, inputs and targets; got {validation_data.Length}.");
        return Fit(x.Tensor, y.Tensor, batch_size, epochs, verbose, callbacks, validation_split,
            validation_data is null ? null : (validation_data[0].Tensor, validation_data[1].Tensor), shuffle, class_weight, sample_weight?.Tensor, initial_epoch);
    }

    /// <summary>Trains a model of several inputs or outputs on NumPy-style arrays, one per input and one per output.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="y">One array per output.</param>
    /// <param name="batch_size">Samples per gradient update.</param>
    /// <param name="epochs">The epoch to train up to.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_split">A fraction of the training data, taken from the end, to validate on instead.</param>
    /// <param name="shuffle">Whether to shuffle the training data before each epoch.</param>
    /// <param name="initial_epoch">The epoch to start at.</param>
    /// <returns>The History.</returns>
    public History Fit(NDarray[] x, NDarray[] y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, bool shuffle = true, int initial_epoch = 0) =>
        Fit(Tensors(x), Tensors(y), batch_size, epochs, verbose, callbacks, validation_split, null, shuffle, null, null, initial_epoch);

    /// <summary>Loss and metrics on data, as Keras's <c>evaluate</c>: [loss, metric...], so <c>scores[1]</c> is the accuracy.</summary>
    /// <param name="x">Test inputs.</param>
    /// <param name="y">Test targets.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The loss, then each metric, in the order of <see cref="MetricsNames"/>.</returns>
    public double[] Evaluate(Tensor x, Tensor y, int batch_size = 32, int verbose = 1) => Evaluate(new[] { x }, new[] { y }, batch_size, verbose);

    /// <summary>Loss and metrics of a model of several inputs or outputs, on one array per input and one per output.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="y">One array per output.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The values in the order of <see cref="MetricsNames"/>.</returns>
    public double[] Evaluate(Tensor[] x, Tensor[] y, int batch_size = 32, int verbose = 1)
    {
        _ = CompiledObjectives;
        var targets = TrainingUtils.CheckData(this, x, y, "evaluation");
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        // As Keras 2.2's test and predict loops: a progress bar for verbose 1 only.
        var bar = ProgressBar(x[0].shape[0], verbose);
        return new Trainer(this).Test(DataBatches.Of(new DataArrays(x, targets), batch_size, Random), bar, countSteps: false).Select(m => m.Value).ToArray();
    }

    /// <summary>Loss and metrics on NumPy-style arrays, as Keras.NET's <c>Evaluate</c>.</summary>
    /// <param name="x">Test inputs.</param>
    /// <param name="y">Test targets.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The loss, then each metric.</returns>
    public double[] Evaluate(NDarray x, NDarray y, int batch_size = 32, int verbose = 1) => Evaluate(x.Tensor, y.Tensor, batch_size, verbose);

    /// <summary>The model's outputs (probabilities for a softmax output) for each sample, as a float32 CPU tensor.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>float32 (N, outputs) on the CPU.</returns>
    public Tensor Predict(Tensor x, int batch_size = 32, int verbose = 0) => Single(PredictAll(new[] { x }, batch_size, verbose));

    /// <summary>The outputs of a single-output model of several inputs, for one array per input.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>float32 on the CPU.</returns>
    public Tensor Predict(Tensor[] x, int batch_size = 32, int verbose = 0) => Single(PredictAll(x, batch_size, verbose));

    /// <summary>Every output of the model for one array per input, as Keras's <c>predict</c> returns a list for several outputs.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>One float32 CPU tensor per output.</returns>
    public Tensor[] PredictAll(Tensor[] x, int batch_size = 32, int verbose = 0)
    {
        TrainingUtils.CheckInputs(this, x);
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        // As Keras 2.2's test and predict loops: a progress bar for verbose 1 only.
        var bar = ProgressBar(x[0].shape[0], verbose);
        return new Trainer(this).Predict(DataBatches.Of(new DataArrays(x, Array.Empty<Tensor>()), batch_size, Random), bar, countSteps: false);
    }

    /// <summary>The model's outputs for NumPy-style inputs, as Keras.NET's <c>Predict</c>.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The outputs, float32.</returns>
    public NDarray Predict(NDarray x, int batch_size = 32, int verbose = 0) => new(Predict(x.Tensor, batch_size, verbose));

    /// <summary>The outputs of a model of several inputs for NumPy-style arrays, as Keras.NET's <c>Predict(List&lt;NDarray&gt;)</c>.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The outputs, float32.</returns>
    public NDarray Predict(IEnumerable<NDarray> x, int batch_size = 32, int verbose = 0) => new(Predict(Tensors(x), batch_size, verbose));

    /// <summary>The index of the highest output per sample, as Keras 2.2's <c>predict_classes</c>.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>int64 (N) class indices.</returns>
    public Tensor PredictClasses(Tensor x, int batch_size = 32, int verbose = 0)
    {
        using var probabilities = Predict(x, batch_size, verbose);
        return OutputShape[-1] == 1 ? probabilities.gt(0.5).to(ScalarType.Int64).reshape(-1) : probabilities.argmax(-1);
    }

    private Tensor Single(Tensor[] outputs)
    {
        if (outputs.Length == 1) return outputs[0];
        foreach (var o in outputs) o.Dispose();
        throw new InvalidOperationException($"The model has {outputs.Length} outputs; Predict returns one. Use PredictAll.");
    }

    private static Tensor[] Tensors(IEnumerable<NDarray> arrays) => (arrays ?? throw new ArgumentNullException(nameof(arrays))).Select(a => a.Tensor).ToArray();

    private static void CheckEpochsAndVerbose(int epochs, int initialEpoch, int verbose)
    {
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentException("epochs and initial_epoch must not be negative.");
        if (verbose is < 0 or > 2) throw new ArgumentException($"verbose must be 0, 1 or 2; got {verbose}.");
    }

    /// <summary>The names Fit logs per epoch: <see cref="MetricsNames"/> and, with validation, their val_ forms.</summary>
    private List<string> LoggedNames(bool validation)
    {
        var names = MetricsNames.ToList();
        if (validation) names.AddRange(MetricsNames.Select(m => "val_" + m));
        return names;
    }
}
