using Keras.Layers;
using Keras.Saving;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// What every model is, as Keras's <c>Model</c> base (Keras.NET's <c>BaseModel</c>): a graph of layers from its inputs
/// to its outputs, with the whole instance API (<c>Compile</c>, <c>Fit</c>, <c>Evaluate</c>, <c>Predict</c>,
/// <c>Summary</c>, weights, files and JSON) and the loaders that build a model from a file or JSON. A model is a layer
/// too: applied to tensors, or added to a Sequential, it runs its graph there with its own weights.
/// <see cref="Model"/> is built from inputs and outputs (the functional API), <see cref="Sequential"/> layer by layer.
/// </summary>
public abstract partial class BaseModel : Layer
{
    private IReadOnlyList<KerasTensor> _inputs = Array.Empty<KerasTensor>();
    private IReadOnlyList<KerasTensor> _outputs = Array.Empty<KerasTensor>();
    private Graph? _graph;

    private protected BaseModel(string? name) : base(name, null)
    {
        Device = Backend.Device;
        Random = Session.Current.Random;
    }

    /// <summary>
    /// The device this model's weights live on and its batches are sent to: the session's when the model was created.
    /// A later <see cref="Backend.SetDevice"/> affects new models only, never splits this one.
    /// </summary>
    public Device Device { get; }

    /// <summary>The random numbers the model draws from (shuffling, dropout, its layers' first weights): its session's when it was created.</summary>
    public RandomState Random { get; }

    /// <summary>The symbolic tensors the model's data enter through (Keras's <c>model.inputs</c>).</summary>
    public IReadOnlyList<KerasTensor> Inputs => _inputs;

    /// <summary>The symbolic tensors the model produces (Keras's <c>model.outputs</c>).</summary>
    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>The names of the layers that make the outputs, as Keras's <c>model.output_names</c>.</summary>
    public IReadOnlyList<string> OutputNames => _outputs.Select(o => o.Layer.Name).ToList();

    /// <summary>The layers, as Keras's <c>model.layers</c>: every layer of the graph, input layers included.</summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? Array.Empty<Layer>();

    /// <summary>The model's calls in the order they run.</summary>
    internal IReadOnlyList<Node> Nodes => _graph?.Nodes ?? Array.Empty<Node>();

    /// <summary>Each call's depth in the graph (the longest path from it to an output).</summary>
    internal IReadOnlyDictionary<Node, int> NodeDepths => _graph?.Depths ?? new Dictionary<Node, int>();

    /// <summary>The shape of one sample of the (first) input.</summary>
    public override Shape InputShape => _inputs.Count > 0 ? _inputs[0].Shape : throw new InvalidOperationException("The model has no layers yet.");

    /// <summary>The shape of one sample of the (first) output.</summary>
    public override Shape OutputShape => _outputs.Count > 0 ? _outputs[0].Shape : InputShape;

    /// <inheritdoc/>
    public override IReadOnlyList<Shape> InputShapes => _inputs.Select(t => t.Shape).ToList();

    /// <inheritdoc/>
    public override IReadOnlyList<Shape> OutputShapes => _outputs.Select(t => t.Shape).ToList();

    /// <inheritdoc/>
    public override bool Built => _outputs.Count > 0;

    /// <summary>Every weight of every layer, each once, in the layers' order (Keras's <c>model.weights</c>).</summary>
    public override IReadOnlyList<Weight> Weights => Layers.SelectMany(l => l.Weights).Distinct().ToList();

    internal IReadOnlyList<Weight> TrainableWeightList => TrainableWeights.ToList();

    /// <summary>Sets the graph from its inputs to its outputs, checking that the outputs can be computed from the inputs.</summary>
    private protected void SetGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        if (outputs.Count == 0) throw new ArgumentException("A model needs at least one output.");
        _graph = Graph.Trace(inputs, outputs);
        (_inputs, _outputs) = (inputs, outputs);
    }

    /// <summary>Runs the graph on batches in engine layout, as a nested model does inside another.</summary>
    internal override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) =>
        Run(inputs, inputs.Select(_ => (Tensor?)null).ToList(), context).Outputs;

    /// <summary>Runs the graph, carrying each tensor's mask (from an Embedding's mask_zero) to the layers after it, as Keras does.</summary>
    internal override (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, CallContext context)
    {
        var values = new Dictionary<KerasTensor, Tensor>();
        var valueMasks = new Dictionary<KerasTensor, Tensor?>();
        for (int i = 0; i < _inputs.Count; i++) (values[_inputs[i]], valueMasks[_inputs[i]]) = (inputs[i], masks[i]);
        foreach (var node in Nodes)
        {
            if (node.Layer is InputLayer) continue;
            // A nested model casts nothing itself: its own layers cast their inputs.
            var arguments = node.Inputs.Select(t => node.Layer is BaseModel ? values[t] : node.Layer.Autocast(values[t])).ToList();
            var (results, resultMasks) = node.Layer.Run(arguments, node.Inputs.Select(t => valueMasks[t]).ToList(), context);
            for (int i = 0; i < results.Count; i++) (values[node.Outputs[i]], valueMasks[node.Outputs[i]]) = (results[i], resultMasks[i]);
        }
        return (_outputs.Select(o => values[o]).ToList(), _outputs.Select(o => valueMasks[o]).ToList());
    }

    /// <summary>The model applied to batches of channels-last inputs already on its device; outputs are float32 in Keras's layout.</summary>
    internal IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> inputs, CallContext context) => ForwardWithMasks(inputs, context).Outputs;

    /// <summary>The model applied as <see cref="Forward(IReadOnlyList{Tensor}, CallContext)"/>, with each output's mask (or null), which its loss and metrics honour.</summary>
    internal (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) ForwardWithMasks(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var (outputs, masks) = Run(inputs.Select(Layout.ToEngine).ToList(), inputs.Select(_ => (Tensor?)null).ToList(), context);
        // Outputs are float32 under every policy, so losses and metrics are computed in float32, as in Keras.
        return (outputs.Select(h => Layout.ToKeras(h.dtype == ScalarType.Float32 ? h : h.to(ScalarType.Float32))).ToList(), masks);
    }

    /// <summary>The (single-input, single-output) model applied to a batch on its device, without kept casts.</summary>
    internal Tensor Forward(Tensor x, bool training) => Forward(new[] { x }, new CallContext(training, Random))[0];

    /// <summary>Prints Keras 2.2's summary table: layer names, output shapes, parameter counts (and, for a graph that is not a chain, what each layer is connected to).</summary>
    /// <param name="line_length">Total width of the table; 65 for a chain of layers, 98 otherwise, as in Keras.</param>
    /// <param name="print_fn">Where each line goes; the model's Writer (the console) by default.</param>
    public void Summary(int? line_length = null, Action<string>? print_fn = null) =>
        ModelSummary.Print(this, line_length, print_fn ?? Out.WriteLine);

    /// <summary>
    /// The model's architecture as Keras's model JSON, as <c>model.to_json()</c> in Keras 2.2 writes it: Keras and
    /// tf.keras 2 rebuild the same layers from it with <c>model_from_json</c>.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => ModelJson.ToJson(this);

    /// <summary>
    /// Saves the whole model, atomically, in the format its name asks for, as Keras's <c>model.save</c>: <c>*.keras</c>
    /// is Keras 3's archive; <c>*.h5</c> or <c>*.hdf5</c> is Keras 2's HDF5 file. Both hold the architecture, the weights
    /// and, once compiled, the loss, metrics, optimizer and its state, so that <see cref="LoadModel"/> here, or
    /// Keras's <c>load_model</c>, continues training where it stopped.
    /// </summary>
    /// <param name="filepath">The file to write, ending in .keras, .h5 or .hdf5.</param>
    public void Save(string filepath) => ModelFiles.Save(filepath, this);

    /// <summary>
    /// Saves the model as ONNX (IR version 7, opset 13), as Keras.NET's <c>SaveOnnx</c>, for ONNX Runtime (and ML.NET
    /// through it): inference in float32, inputs and outputs channels-last as Keras's, with a free batch axis, named
    /// after the model's input and output layers. Written atomically.
    /// </summary>
    /// <param name="filePath">The .onnx file to write.</param>
    public void SaveOnnx(string filePath) => Onnx.Save(filePath, this);

    /// <summary>
    /// Saves the model for TensorFlow.js, as Keras.NET's <c>SaveTensorflowJSFormat</c> and the tensorflowjs converter do:
    /// <c>model.json</c> (the model's Keras JSON and a weights manifest) and weight shards of up to 4 MB, which
    /// <c>tf.loadLayersModel("…/model.json")</c> loads in a browser or in Node. TensorFlow.js computes in float32.
    /// </summary>
    /// <param name="artifacts_dir">The folder to write; created if missing. Shards of an earlier export there are replaced.</param>
    /// <param name="quantize">Whether to store each weight as 16-bit integers over its range (half the size, about 5 significant digits).</param>
    public void SaveTensorflowJSFormat(string artifacts_dir, bool quantize = false) => TensorflowJs.Save(artifacts_dir, this, quantize);

    /// <summary>
    /// Saves the weights, atomically, in the format the name asks for: <c>*.weights.h5</c> as Keras 3's
    /// <c>save_weights</c> writes it (with the optimizer's state once compiled, as Keras 3 does); other <c>*.h5</c> or
    /// <c>*.hdf5</c> names as Keras 2's <c>save_weights</c>; any other name in KerasSharp's own format (with a checksum).
    /// </summary>
    /// <param name="filepath">The file to write.</param>
    public void SaveWeights(string filepath) => ModelFiles.SaveWeights(filepath, this);

    /// <summary>
    /// Loads weights into a model of the same architecture: from a Keras HDF5 file (<c>*.h5</c>, <c>*.hdf5</c>; Keras
    /// 3's layout or Keras 2's, told apart by content, weights or whole model, as Keras 2.0-2.15, tf.keras and Keras 3
    /// write them), from a Keras 3 <c>.keras</c> archive, or from a file <see cref="SaveWeights"/> wrote in
    /// KerasSharp's format. A Keras 3 file's optimizer state is loaded too when the model is compiled to match it.
    /// </summary>
    /// <param name="filepath">The file to read.</param>
    /// <param name="by_name">For Keras 2 HDF5 files: match layers by name (loading into the layers that share a name
    /// with a saved one) instead of by order, as Keras's <c>by_name=True</c>. Keras 3's layout has no layer names.</param>
    public void LoadWeights(string filepath, bool by_name = false) => ModelFiles.LoadWeights(filepath, this, by_name);

    /// <summary>Keras.NET's name for <see cref="SaveWeights"/>.</summary>
    /// <param name="path">The file to write.</param>
    public void SaveWeight(string path) => SaveWeights(path);

    /// <summary>Keras.NET's name for <see cref="LoadWeights"/>.</summary>
    /// <param name="path">The file to read.</param>
    public void LoadWeight(string path) => LoadWeights(path);

    /// <summary>
    /// Loads a whole model, as Keras's <c>load_model</c>: a Keras 3 <c>.keras</c> archive, or a Keras 2 HDF5 file
    /// (<c>model.save</c> of Keras 2.0-2.15 or tf.keras). Builds the model from its config (Sequential or functional),
    /// sets its weights, and, unless <paramref name="compile"/> is false, compiles it with its training config and
    /// optimizer state when the file has them. A layer or argument KerasSharp lacks is an error that names it; so is a
    /// damaged file.
    /// </summary>
    /// <param name="filepath">The .keras, .h5 or .hdf5 file.</param>
    /// <param name="compile">Whether to compile the model as the file says, as <c>load_model(compile=...)</c>.</param>
    /// <returns>The model, compiled if the file says how and <paramref name="compile"/> is true.</returns>
    public static BaseModel LoadModel(string filepath, bool compile = true) => ModelFiles.LoadModel(filepath, compile);

    /// <summary>
    /// Builds a model from Keras's model JSON (<c>model.to_json()</c> of Keras 2.0-2.15, tf.keras 2 or Keras 3), with new
    /// weights. A layer or argument KerasSharp lacks is an error that names it.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A new, uncompiled model.</returns>
    public static BaseModel ModelFromJson(string json) => ModelJson.FromJson(json);

    /// <summary>Where progress bars, summaries and callbacks' lines go; the console when null.</summary>
    public TextWriter? Writer { get; set; }

    /// <summary>
    /// Whether progress bars redraw in place. By default they do when writing to a console that is not
    /// redirected; set it when <see cref="Writer"/> is a writer that ends up on a terminal.
    /// </summary>
    public bool? DynamicProgress { get; set; }

    internal TextWriter Out => Writer ?? Console.Out;
}
