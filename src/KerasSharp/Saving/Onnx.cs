using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// The model as an ONNX graph (IR version 7, opset 13, which ONNX Runtime 1.31 and ONNX 1.12's checker take), for
/// inference in float32. Inputs and outputs keep Keras's channels-last layout and a free batch axis; each convolution
/// and pooling runs between two Transposes to ONNX's channels-first (ONNX Runtime fuses them away). Weights become
/// initializers (a Conv2D kernel turned to ONNX's (out, in, h, w)); 'same' padding becomes Keras's explicit pads;
/// BatchNormalization is folded into a scale and a shift per channel; Dropout vanishes, as in inference. The sequence
/// layers are in <c>Onnx.Sequences.cs</c>. The wire format is written with Google.Protobuf (<see cref="ProtoMessage"/>);
/// field numbers are those of ONNX's onnx.proto.
/// </summary>
internal sealed partial class Onnx
{
    public const long IrVersion = 7;
    public const long Opset = 13;

    // onnx.proto's TensorProto.DataType values and AttributeProto.AttributeType values used here.
    private const int Float32 = 1, Int64 = 7;
    private const int AttributeFloat = 1, AttributeInt = 2, AttributeFloats = 6, AttributeInts = 7, AttributeStrings = 8;

    private readonly List<ProtoMessage> _nodes = new(), _initializers = new();
    private readonly HashSet<string> _names = new();

    public static void Save(string path, BaseModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!model.Built) throw new InvalidOperationException("The model has no layers yet; add its layers (and an input shape) before SaveOnnx.");
        byte[] bytes = new Onnx().Model(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private byte[] Model(BaseModel model)
    {
        var inputs = model.Inputs.Select(t => Unique(t.Layer.Name)).ToList();
        // The outputs' names are taken first, so that no inner value takes them.
        var outputNames = model.OutputNames.Select((n, i) => Unique(model.OutputNames.Count(o => o == n) > 1 ? $"{n}_{i}" : n)).ToList();
        var outputs = Graph(model, inputs);
        for (int i = 0; i < outputs.Count; i++) Node("Identity", new[] { outputs[i] }, outputNames[i]);
        var graph = new ProtoMessage();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, model.Name);
        foreach (var initializer in _initializers) graph.Message(5, initializer);
        for (int i = 0; i < inputs.Count; i++) graph.Message(11, ValueInfo(inputs[i], model.Inputs[i].Shape));
        for (int i = 0; i < outputs.Count; i++) graph.Message(12, ValueInfo(outputNames[i], model.Outputs[i].Shape));
        return new ProtoMessage()
            .Int(1, IrVersion)
            .String(2, "KerasSharp")
            .String(3, typeof(Onnx).Assembly.GetName().Version?.ToString() ?? "")
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int(2, Opset))
            .ToArray();
    }

    /// <summary>Emits a model's calls in the order they run; returns the names of its outputs. Nested models are inlined.</summary>
    private List<string> Graph(BaseModel model, IReadOnlyList<string> inputs)
    {
        var values = new Dictionary<KerasTensor, string>();
        for (int i = 0; i < inputs.Count; i++) values[model.Inputs[i]] = inputs[i];
        foreach (var node in model.Nodes)
        {
            if (node.Layer is InputLayer) continue;
            var arguments = node.Inputs.Select(t => values[t]).ToList();
            var results = node.Layer is BaseModel nested
                ? Graph(nested, arguments)
                : Layer(node.Layer, node.Inputs.Select(t => t.Shape).ToList(), node.Outputs.Select(t => t.Shape).ToList(), arguments);
            for (int i = 0; i < results.Count; i++) values[node.Outputs[i]] = results[i];
        }
        return model.Outputs.Select(o => values[o]).ToList();
    }

    /// <summary>One layer call's nodes, from its inputs' and outputs' shapes; returns the names of its outputs.</summary>
    private IReadOnlyList<string> Layer(Layer layer, IReadOnlyList<Shape> inputs, IReadOnlyList<Shape> outputs, IReadOnlyList<string> x) =>
        SequenceLayer(layer, inputs, outputs, x) ?? new[] { Layer(layer, inputs[0], outputs[0], x) };

    /// <summary>One call's nodes of a layer of one output.</summary>
    private string Layer(Layer layer, Shape input, Shape output, IReadOnlyList<string> x)
    {
        string name = layer.Name;
        switch (layer)
        {
            case Conv2D conv:
            {
                var weights = layer.GetWeights();
                string kernel = Initializer($"{name}/kernel", weights[0].permute(3, 2, 0, 1));
                var inputs = new List<string> { ToChannelsFirst(x[0], name), kernel };
                if (conv.UseBias) inputs.Add(Initializer($"{name}/bias", weights[1]));
                var (h, w) = (SpatialGeometry.Axis(input[0], conv.KernelSize.Item1, conv.Strides.Item1, conv.DilationRate.Item1, conv.Padding, layer),
                    SpatialGeometry.Axis(input[1], conv.KernelSize.Item2, conv.Strides.Item2, conv.DilationRate.Item2, conv.Padding, layer));
                string y = Node("Conv", inputs, Unique(name), Ints("kernel_shape", conv.KernelSize.Item1, conv.KernelSize.Item2),
                    Ints("strides", conv.Strides.Item1, conv.Strides.Item2), Ints("dilations", conv.DilationRate.Item1, conv.DilationRate.Item2),
                    Ints("pads", h.Before, w.Before, h.After, w.After));
                return Activation(ToChannelsLast(y, name), conv.Activation, name);
            }
            case Dense dense:
            {
                var weights = layer.GetWeights();
                string y = Node("MatMul", new[] { x[0], Initializer($"{name}/kernel", weights[0]) }, Unique(name + "/matmul"));
                if (dense.UseBias) y = Node("Add", new[] { y, Initializer($"{name}/bias", weights[1]) }, Unique(name));
                return Activation(y, dense.Activation, name);
            }
            case MaxPooling2D pool:
                return Pool("MaxPool", x[0], input, pool.PoolSize, pool.Strides, pool.Padding, layer);
            case AveragePooling2D pool:
                return Pool("AveragePool", x[0], input, pool.PoolSize, pool.Strides, pool.Padding, layer);
            case GlobalAveragePooling2D:
                return Node("ReduceMean", x, Unique(name), Ints("axes", 1, 2), Int("keepdims", 0));
            case GlobalMaxPooling2D:
                return Node("ReduceMax", x, Unique(name), Ints("axes", 1, 2), Int("keepdims", 0));
            case Flatten:
                return Node("Flatten", x, Unique(name), Int("axis", 1));
            case Reshape:
                return Node("Reshape", new[] { x[0], ReshapeTarget(name, output) }, Unique(name));
            case ZeroPadding2D pad:
                return Node("Pad", new[] { x[0], Initializer($"{name}/pads", tensor(new long[] { 0, pad.Top, pad.Left, 0, 0, pad.Bottom, pad.Right, 0 })) }, Unique(name));
            case BatchNormalization bn:
                return Normalization(bn, x[0]);
            case Dropout:
                return x[0];
            case Activation activation:
                return Activation(x[0], activation.Function, name);
            case Add:
                return Node("Sum", x, Unique(name));
            case Subtract:
                return Node("Sub", x, Unique(name));
            case Multiply:
                return x.Skip(1).Aggregate(x[0], (product, next) => Node("Mul", new[] { product, next }, Unique(name)));
            case Average:
                return Node("Mean", x, Unique(name));
            case Maximum:
                return Node("Max", x, Unique(name));
            case Minimum:
                return Node("Min", x, Unique(name));
            case Concatenate concatenate:
                return Node("Concat", x, Unique(name), Int("axis", concatenate.Axis));
            default:
                throw new NotSupportedException($"Layer '{name}' ({layer.GetType().Name}) has no ONNX form here; SaveOnnx writes the layers of the model zoo KerasSharp has.");
        }
    }

    /// <summary>Keras's BatchNormalization in inference as y = x scale + shift, folded per channel in double precision.</summary>
    private string Normalization(BatchNormalization bn, string x)
    {
        var weights = bn.GetWeights().Select(w => w.to_type(ScalarType.Float64)).ToList();
        int next = 0;
        var gamma = bn.Scale ? weights[next++] : null;
        var beta = bn.Center ? weights[next++] : null;
        var (mean, variance) = (weights[next], weights[next + 1]);
        var scale = (variance + bn.Epsilon).rsqrt();
        if (gamma is not null) scale *= gamma;
        var shift = -mean * scale;
        if (beta is not null) shift += beta;
        string scaled = Node("Mul", new[] { x, Initializer($"{bn.Name}/scale", scale) }, Unique(bn.Name + "/scale"));
        return Node("Add", new[] { scaled, Initializer($"{bn.Name}/shift", shift) }, Unique(bn.Name));
    }

    private string Pool(string op, string x, Shape input, (int, int) size, (int, int) strides, string padding, Layer layer)
    {
        var (h, w) = (SpatialGeometry.Axis(input[0], size.Item1, strides.Item1, 1, padding, layer), SpatialGeometry.Axis(input[1], size.Item2, strides.Item2, 1, padding, layer));
        var attributes = new List<ProtoMessage> { Ints("kernel_shape", size.Item1, size.Item2), Ints("strides", strides.Item1, strides.Item2), Ints("pads", h.Before, w.Before, h.After, w.After) };
        // Keras's 'same' average counts only the picture's pixels, as ONNX's count_include_pad = 0 (its default) does.
        string y = Node(op, new[] { ToChannelsFirst(x, layer.Name) }, Unique(layer.Name), attributes.ToArray());
        return ToChannelsLast(y, layer.Name);
    }

    private string Activation(string x, string activation, string layer) => activation switch
    {
        "linear" => x,
        "relu" => Node("Relu", new[] { x }, Unique(layer + "/relu")),
        "sigmoid" => Node("Sigmoid", new[] { x }, Unique(layer + "/sigmoid")),
        "tanh" => Node("Tanh", new[] { x }, Unique(layer + "/tanh")),
        "softmax" => Node("Softmax", new[] { x }, Unique(layer + "/softmax"), Int("axis", -1)),
        "elu" => Node("Elu", new[] { x }, Unique(layer + "/elu"), Float("alpha", 1.0f)),
        // ONNX's Selu defaults are the SELU constants Keras uses.
        "selu" => Node("Selu", new[] { x }, Unique(layer + "/selu")),
        "softplus" => Node("Softplus", new[] { x }, Unique(layer + "/softplus")),
        // Keras 2's hard_sigmoid, clip(0.2 x + 0.5, 0, 1), is ONNX's HardSigmoid with its default alpha and beta.
        "hard_sigmoid" => Node("HardSigmoid", new[] { x }, Unique(layer + "/hard_sigmoid")),
        _ => throw new NotSupportedException($"Layer '{layer}': the activation '{activation}' has no ONNX form here."),
    };

    private string ToChannelsFirst(string x, string layer) => Node("Transpose", new[] { x }, Unique(layer + "/nchw"), Ints("perm", 0, 3, 1, 2));

    private string ToChannelsLast(string x, string layer) => Node("Transpose", new[] { x }, Unique(layer + "/nhwc"), Ints("perm", 0, 2, 3, 1));

    /// <summary>A Reshape target: 0 (keep the batch) then the layer's output shape, every size known.</summary>
    private string ReshapeTarget(string layer, Shape output) => Initializer($"{layer}/shape", tensor(new long[] { 0 }.Concat(output.Dims.Select(d => (long)d)).ToArray()));

    private string Node(string op, IEnumerable<string> inputs, string output, params ProtoMessage[] attributes) =>
        Node(op, inputs, new[] { output }, attributes)[0];

    /// <summary>A node of several outputs; an empty input name leaves an optional input out.</summary>
    private string[] Node(string op, IEnumerable<string> inputs, string[] outputs, params ProtoMessage[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, outputs[0]).String(4, op);
        foreach (var attribute in attributes) node.Message(5, attribute);
        _nodes.Add(node);
        return outputs;
    }

    /// <summary>A constant tensor: float32 values (or int64 ones), little-endian raw data.</summary>
    private string Initializer(string name, Tensor value)
    {
        string unique = Unique(name);
        bool integers = value.dtype == ScalarType.Int64;
        using var data = (integers ? value : value.to_type(ScalarType.Float32)).cpu().contiguous();
        _initializers.Add(new ProtoMessage().Ints(1, value.shape).Int(2, integers ? Int64 : Float32).String(8, unique).Bytes(9, data.bytes.ToArray()));
        return unique;
    }

    private static ProtoMessage ValueInfo(string name, Shape shape)
    {
        var dims = new ProtoMessage().Message(1, new ProtoMessage().String(2, "batch"));
        foreach (int d in shape.Dims) dims.Message(1, new ProtoMessage().Int(1, d));
        var tensorType = new ProtoMessage().Int(1, Float32).Message(2, dims);
        return new ProtoMessage().String(1, name).Message(2, new ProtoMessage().Message(1, tensorType));
    }

    private static ProtoMessage Int(string name, long value) => new ProtoMessage().String(1, name).Int(3, value).Int(20, AttributeInt);

    private static ProtoMessage Float(string name, float value) => new ProtoMessage().String(1, name).Float(2, value).Int(20, AttributeFloat);

    private static ProtoMessage Ints(string name, params long[] values) => new ProtoMessage().String(1, name).Ints(8, values).Int(20, AttributeInts);

    private static ProtoMessage Strings(string name, params string[] values)
    {
        var attribute = new ProtoMessage().String(1, name);
        foreach (var value in values) attribute.String(9, value);
        return attribute.Int(20, AttributeStrings);
    }

    private static ProtoMessage Floats(string name, params float[] values)
    {
        var attribute = new ProtoMessage().String(1, name);
        foreach (var value in values) attribute.Float(7, value);
        return attribute.Int(20, AttributeFloats);
    }

    /// <summary>A value name not used before in the graph (a layer called twice makes two of each).</summary>
    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !_names.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }
}
