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
public sealed class Sequential : BaseModel
{
    private readonly List<Layer> _layers = new();
    private Shape? _inputShape;

    /// <summary>An empty model, or one with these layers added in order. It takes <see cref="Backend.Device"/> as its device.</summary>
    /// <param name="layers">Layers to add, the first with an <c>input_shape</c>.</param>
    /// <param name="name">The model's name; <c>sequential_1</c> and so on by default.</param>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null)
    {
        Name = name ?? $"sequential_{Backend.GetUid("sequential")}";
        Device = Backend.Device;
        foreach (var layer in layers ?? Array.Empty<Layer>()) Add(layer);
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The device this model's weights live on and its batches are sent to: <see cref="Backend.Device"/> when the
    /// model was created. A later <see cref="Backend.SetDevice"/> affects new models only, never splits this one.
    /// </summary>
    public Device Device { get; }

    /// <summary>The layers, without the implicit input layer (as Keras's <c>model.layers</c>).</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The shape of one input sample, from the first layer's <c>input_shape</c>.</summary>
    public Shape InputShape => _inputShape ?? throw new InvalidOperationException("The model has no layers yet.");

    /// <summary>The shape of one output sample: the last layer's.</summary>
    public Shape OutputShape => _layers.Count > 0 ? _layers[^1].OutputShape : InputShape;

    /// <summary>The optimizer given to <see cref="Compile"/>; null before.</summary>
    public Optimizer? Optimizer { get; private set; }
    /// <summary>The loss given to <see cref="Compile"/>; null before.</summary>
    public Loss? Loss { get; private set; }
    /// <summary>The metrics given to <see cref="Compile"/>, resolved as Keras 2.2 does.</summary>
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

    /// <summary>Adds a layer on top of the model, building its weights for the shape it receives.</summary>
    /// <param name="layer">A new layer; the first one needs an <c>input_shape</c> (or is an <see cref="InputLayer"/>).</param>
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
        layer.Connect(OutputShape, Device);
        _layers.Add(layer);
    }

    /// <summary>The number of scalars in all the model's weights, as the summary's "Total params".</summary>
    public long CountParams() => _layers.Sum(l => l.CountParams());

    /// <summary>Configures training. <c>optimizer</c>, <c>loss</c> and <c>metrics</c> accept Keras names or objects.</summary>
    /// <param name="optimizer">An optimizer, or its Keras name (<c>"sgd"</c>, <c>"adam"</c>...).</param>
    /// <param name="loss">A loss, or its Keras name (<c>"categorical_crossentropy"</c>...).</param>
    /// <param name="metrics">Metric names to log beside the loss, such as <c>new[] { "accuracy" }</c>.</param>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null)
    {
        if (_layers.Count == 0) throw new InvalidOperationException("Add layers to the model before compiling it.");
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Metrics = (metrics ?? Array.Empty<string>()).Select(m => Metric.Get(m, loss, OutputShape)).ToList();
    }

    /// <summary>Trains the model, as Keras 2.2's <c>fit</c>; returns the History.</summary>
    /// <param name="x">Training inputs, (N, ...) as the first layer's <c>input_shape</c>; uint8 images are accepted.</param>
    /// <param name="y">Training targets, as the loss expects them (one-hot for categorical crossentropy).</param>
    /// <param name="batch_size">Samples per gradient update.</param>
    /// <param name="epochs">The epoch to train up to (exclusive, counted from 0), as in Keras.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_split">A fraction of the training data, taken from the end before shuffling, to validate on instead.</param>
    /// <param name="validation_data">Inputs and targets to validate on after each epoch.</param>
    /// <param name="shuffle">Whether to shuffle the training data before each epoch.</param>
    /// <param name="initial_epoch">The epoch to start at, to continue an earlier run.</param>
    /// <returns>The History: loss and metrics per epoch.</returns>
    public History Fit(Tensor x, Tensor y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, (Tensor x, Tensor y)? validation_data = null,
        bool shuffle = true, int initial_epoch = 0)
    {
        RequireCompiled();
        y = AsColumn(y);
        CheckData(x, y, "training");
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        CheckEpochsAndVerbose(epochs, initial_epoch, verbose);
        if (validation_split is < 0 or >= 1) throw new ArgumentException($"validation_split must be in [0, 1); got {validation_split}.");

        Tensor trainX = x, trainY = y;
        Tensor? valX = null, valY = null;
        if (validation_data is { } vd)
        {
            (valX, valY) = CheckedValidation(vd);
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
        var fitParams = new FitParams(epochs, samples, batch_size, (samples + batch_size - 1) / batch_size, verbose, valX is not null, LoggedNames(valX is not null));
        return new Trainer(this).Fit((trainX, trainY), valX is null ? null : (valX, valY!), fitParams, shuffle, initial_epoch,
            callbacks ?? Array.Empty<Callback>());
    }

    /// <summary>
    /// Trains the model on batches from a generator, as Keras's <c>fit</c> (and Keras 2.2's <c>fit_generator</c>) takes
    /// an <c>ImageDataGenerator.flow</c>: <paramref name="steps_per_epoch"/> batches make an epoch, and progress counts
    /// batches. The generator makes its batches on a background thread when cores are idle, else between steps.
    /// </summary>
    /// <param name="generator">The batches, such as <c>datagen.Flow(x_train, y_train, batch_size: 32)</c>.</param>
    /// <param name="steps_per_epoch">Batches per epoch; by default one pass over the generator's data (its <c>Length</c>).</param>
    /// <param name="epochs">The epoch to train up to (exclusive, counted from 0), as in Keras.</param>
    /// <param name="verbose">0: silent; 1: a progress bar; 2: one line per epoch.</param>
    /// <param name="callbacks">Callbacks to call during training.</param>
    /// <param name="validation_data">Inputs and targets to validate on after each epoch, in batches of the generator's size.</param>
    /// <param name="initial_epoch">The epoch to start at, to continue an earlier run.</param>
    /// <returns>The History: loss and metrics per epoch.</returns>
    public History Fit(Preprocessing.NumpyArrayIterator generator, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, (Tensor x, Tensor y)? validation_data = null, int initial_epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        RequireCompiled();
        if (!generator.ImageShape.Equals(InputShape))
            throw new ArgumentException($"The generator's pictures have shape {generator.ImageShape}, but the model takes {InputShape}.");
        Loss!.ValidateTargets(new long[] { generator.BatchSize }.Concat(generator.TargetShape).ToArray(), OutputShape);
        int steps = steps_per_epoch ?? generator.Length;
        if (steps <= 0) throw new ArgumentException($"steps_per_epoch must be positive; got {steps}.");
        CheckEpochsAndVerbose(epochs, initial_epoch, verbose);
        (Tensor, Tensor)? validation = validation_data is { } vd ? CheckedValidation(vd) : null;

        long samples = steps == generator.Length ? generator.Samples : (long)steps * generator.BatchSize;
        var fitParams = new FitParams(epochs, samples, generator.BatchSize, steps, verbose, validation is not null, LoggedNames(validation is not null), CountSteps: true);
        IEnumerable<TrainBatch> Epoch() => Enumerable.Range(0, steps).Select(i => new TrainBatch(i, i == steps - 1, generator.Next));
        return new Trainer(this).Fit(Epoch, validation, fitParams, initial_epoch, callbacks ?? Array.Empty<Callback>());
    }

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
    /// <param name="initial_epoch">The epoch to start at.</param>
    /// <returns>The History.</returns>
    public History Fit(Numpy.NDarray x, Numpy.NDarray y, int batch_size = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validation_split = 0, Numpy.NDarray[]? validation_data = null,
        bool shuffle = true, int initial_epoch = 0)
    {
        if (validation_data is { Length: not 2 })
            throw new ArgumentException($"validation_data takes two arrays, inputs and targets; got {validation_data.Length}.");
        return Fit(x.Tensor, y.Tensor, batch_size, epochs, verbose, callbacks, validation_split,
            validation_data is null ? null : (validation_data[0].Tensor, validation_data[1].Tensor), shuffle, initial_epoch);
    }

    /// <summary>Loss and metrics on NumPy-style arrays, as Keras.NET's <c>Evaluate</c>.</summary>
    /// <param name="x">Test inputs.</param>
    /// <param name="y">Test targets.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The loss, then each metric.</returns>
    public double[] Evaluate(Numpy.NDarray x, Numpy.NDarray y, int batch_size = 32, int verbose = 1) => Evaluate(x.Tensor, y.Tensor, batch_size, verbose);

    /// <summary>The model's outputs for NumPy-style inputs, as Keras.NET's <c>Predict</c>.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The outputs, float32.</returns>
    public Numpy.NDarray Predict(Numpy.NDarray x, int batch_size = 32, int verbose = 0) => new(Predict(x.Tensor, batch_size, verbose));

    /// <summary>Loss and metrics on data, as Keras's <c>evaluate</c>: [loss, metric...], so <c>scores[1]</c> is the accuracy.</summary>
    /// <param name="x">Test inputs.</param>
    /// <param name="y">Test targets.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>The loss, then each metric.</returns>
    public double[] Evaluate(Tensor x, Tensor y, int batch_size = 32, int verbose = 1)
    {
        RequireCompiled();
        y = AsColumn(y);
        CheckData(x, y, "evaluation");
        // As Keras 2.2's test and predict loops: a progress bar for verbose 1 only.
        var bar = verbose == 1 ? new Progbar(x.shape[0], verbose: verbose, output: Output, dynamic: DynamicProgress) : null;
        return new Trainer(this).Test((x, y), batch_size, bar).Select(m => m.Value).ToArray();
    }

    /// <summary>The model's outputs (probabilities for a softmax output) for each sample, as a float32 CPU tensor.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batch_size">Samples per batch.</param>
    /// <param name="verbose">1 for a progress bar; 0 (or 2) for none.</param>
    /// <returns>float32 (N, outputs) on the CPU.</returns>
    public Tensor Predict(Tensor x, int batch_size = 32, int verbose = 0)
    {
        if (_layers.Count == 0) throw new InvalidOperationException("The model has no layers yet.");
        CheckInput(x);
        // As Keras 2.2's test and predict loops: a progress bar for verbose 1 only.
        var bar = verbose == 1 ? new Progbar(x.shape[0], verbose: verbose, output: Output, dynamic: DynamicProgress) : null;
        return new Trainer(this).Predict(x, batch_size, bar);
    }

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

    /// <summary>The model applied to a batch of channels-last inputs already on its device.</summary>
    internal Tensor Forward(Tensor x, bool training)
    {
        var h = Layout.ToEngine(x);
        foreach (var layer in _layers) h = layer.Call(layer.Autocast(h), training);
        // Outputs are float32 under every policy, so losses and metrics are computed in float32, as in Keras.
        return Layout.ToKeras(h.dtype == ScalarType.Float32 ? h : h.to(ScalarType.Float32));
    }

    /// <summary>Prints the Keras 2.2 summary table: layer names, output shapes, parameter counts.</summary>
    /// <param name="line_length">Total width of the table.</param>
    /// <param name="print_fn">Where each line goes; the model's Output (the console) by default.</param>
    public void Summary(int line_length = 65, Action<string>? print_fn = null) =>
        ModelSummary.Print(this, line_length, print_fn ?? Out.WriteLine);

    /// <summary>The weights of every layer in Keras's layouts and order.</summary>
    public Tensor[] GetWeights() => AllWeights.Select(w => w.Get()).ToArray();

    /// <summary>Sets every weight from tensors in Keras's layouts and order, as <see cref="GetWeights"/> returns them.</summary>
    /// <param name="weights">One tensor per weight of the model.</param>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        var all = AllWeights.ToList();
        if (weights.Count != all.Count)
            throw new ArgumentException($"The model has {all.Count} weights, but {weights.Count} values were given.");
        for (int i = 0; i < all.Count; i++) all[i].Set(weights[i]);
    }

    /// <summary>
    /// The model's architecture as Keras's model JSON, as <c>model.to_json()</c> in Keras 2.2 writes it: Keras and
    /// tf.keras 2 rebuild the same layers from it with <c>model_from_json</c>.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => ModelConfig.ToJson(this);

    /// <summary>
    /// Saves the whole model, atomically, in the format its name asks for, as Keras's <c>model.save</c>: <c>*.keras</c>
    /// is Keras 3's archive; <c>*.h5</c> or <c>*.hdf5</c> is Keras 2's HDF5 file. Both hold the architecture, the weights
    /// and, once compiled, the loss, metrics, optimizer and its state, so that <see cref="BaseModel.LoadModel"/> here, or
    /// Keras's <c>load_model</c>, continues training where it stopped.
    /// </summary>
    /// <param name="filepath">The file to write, ending in .keras, .h5 or .hdf5.</param>
    public void Save(string filepath)
    {
        if (Keras3ModelFile.IsModelPath(filepath)) Keras3ModelFile.Save(filepath, this);
        else if (Keras3WeightsFile.IsWeightsPath(filepath))
            throw new ArgumentException($"'{filepath}' names a Keras 3 weights file; Save writes whole models: name it *.keras (Keras 3) or *.h5 (Keras 2), or call SaveWeights.");
        else if (KerasWeightsFile.IsKerasPath(filepath)) KerasModelFile.Save(filepath, this);
        else throw new ArgumentException($"'{filepath}': whole models are saved as *.keras (Keras 3) or *.h5 (Keras 2) files; SaveWeights writes weights alone in any format.");
    }

    /// <summary>
    /// Saves the weights, atomically, in the format the name asks for: <c>*.weights.h5</c> as Keras 3's
    /// <c>save_weights</c> writes it (with the optimizer's state once compiled, as Keras 3 does); other <c>*.h5</c> or
    /// <c>*.hdf5</c> names as Keras 2's <c>save_weights</c>; any other name in KerasSharp's own format (with a
    /// checksum; see WeightsFile.cs and the README).
    /// </summary>
    /// <param name="filepath">The file to write.</param>
    public void SaveWeights(string filepath)
    {
        if (Keras3ModelFile.IsModelPath(filepath))
            throw new ArgumentException($"'{filepath}': a .keras archive holds a whole model; call Save, or name a weights file *.weights.h5.");
        if (Keras3WeightsFile.IsWeightsPath(filepath)) Keras3WeightsFile.Save(filepath, this);
        else if (KerasWeightsFile.IsKerasPath(filepath)) KerasWeightsFile.Save(filepath, this);
        else WeightsFile.Save(filepath, AllWeights.ToList());
    }

    /// <summary>
    /// Loads weights into a model of the same architecture: from a Keras HDF5 file (<c>*.h5</c>, <c>*.hdf5</c>; Keras
    /// 3's layout or Keras 2's, told apart by content, weights or whole model, as Keras 2.0-2.15, tf.keras and Keras 3
    /// write them), from a Keras 3 <c>.keras</c> archive, or from a file <see cref="SaveWeights"/> wrote in
    /// KerasSharp's format. A Keras 3 file's optimizer state is loaded too when the model is compiled to match it.
    /// </summary>
    /// <param name="filepath">The file to read.</param>
    /// <param name="by_name">For Keras 2 HDF5 files: match layers by name (loading into the layers that share a name
    /// with a saved one) instead of by order, as Keras's <c>by_name=True</c>. Keras 3's layout has no layer names.</param>
    public void LoadWeights(string filepath, bool by_name = false)
    {
        if (Keras3ModelFile.IsModelPath(filepath))
        {
            if (by_name) throw new ArgumentException("by_name matches layer names, which Keras 3's .keras archives do not hold; load by order.");
            Keras3ModelFile.LoadWeights(filepath, this);
        }
        else if (KerasWeightsFile.IsKerasPath(filepath)) KerasWeightsFile.Load(filepath, this, by_name);
        else if (by_name) throw new ArgumentException("by_name matches layers in Keras HDF5 files (*.h5); KerasSharp's own weights files load by order.");
        else WeightsFile.Load(filepath, AllWeights.ToList());
    }

    /// <summary>Keras.NET's name for <see cref="SaveWeights"/>.</summary>
    /// <param name="path">The file to write.</param>
    public void SaveWeight(string path) => SaveWeights(path);

    /// <summary>Keras.NET's name for <see cref="LoadWeights"/>.</summary>
    /// <param name="path">The file to read.</param>
    public void LoadWeight(string path) => LoadWeights(path);

    internal TextWriter Out => Output ?? Console.Out;

    private void RequireCompiled()
    {
        if (Optimizer is null || Loss is null)
            throw new InvalidOperationException(
                "You must compile a model before training or testing it: call model.Compile(optimizer: ..., loss: ..., metrics: ...).");
    }

    private static void CheckEpochsAndVerbose(int epochs, int initialEpoch, int verbose)
    {
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentException("epochs and initial_epoch must not be negative.");
        if (verbose is < 0 or > 2) throw new ArgumentException($"verbose must be 0, 1 or 2; got {verbose}.");
    }

    /// <summary>Validation data as Fit uses them: 1-D targets expanded as the training targets are, then checked.</summary>
    private (Tensor X, Tensor Y) CheckedValidation((Tensor x, Tensor y) data)
    {
        var y = AsColumn(data.y);
        CheckData(data.x, y, "validation");
        return (data.x, y);
    }

    /// <summary>The names Fit logs per epoch: loss, the metrics, and, with validation, their val_ forms.</summary>
    private List<string> LoggedNames(bool validation)
    {
        var names = new List<string> { "loss" };
        names.AddRange(Metrics.Select(m => m.Name));
        if (validation) names.AddRange(names.ToList().Select(m => "val_" + m));
        return names;
    }

    /// <summary>Targets (N) for an output (None, 1) become (N, 1), as Keras's standardize_input_data expands 1-D arrays.</summary>
    private Tensor AsColumn(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return y.dim() == 1 && OutputShape.Rank == 1 && OutputShape[0] == 1 ? y.unsqueeze(1) : y;
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
