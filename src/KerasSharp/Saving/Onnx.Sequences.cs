using Keras.Layers;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// The sequence layers in ONNX. Embedding is a Gather of the indices cast to integers; Conv1D and the 1-D poolings run
/// between Transposes to ONNX's (batch, channels, steps); RepeatVector is Unsqueeze and Tile; TimeDistributed runs its
/// layer on (batch x steps, ...) between two Reshapes. SimpleRNN, LSTM and GRU are ONNX's RNN, LSTM and GRU ops, which
/// read (steps, batch, features): the weights turned to ONNX's gate order (LSTM: input, output, forget, cell; GRU keeps
/// Keras's update, reset, candidate, with linear_before_reset for reset_after), the second bias zero where Keras has
/// one, hard_sigmoid as ONNX's HardSigmoid with Keras's 0.2 and 0.5. go_backwards reverses the steps before the op, so
/// that the outputs come in Keras's order, the order they were computed in. Masks (mask_zero) have no ONNX form here:
/// ONNX's sequence lengths cannot say that the padding comes first, as pad_sequences puts it.
/// </summary>
internal sealed partial class Onnx
{
    /// <summary>A sequence layer's nodes, or null for a layer that is not one.</summary>
    private IReadOnlyList<string>? SequenceLayer(Layer layer, IReadOnlyList<Shape> inputs, IReadOnlyList<Shape> outputs, IReadOnlyList<string> x)
    {
        string name = layer.Name;
        switch (layer)
        {
            case Embedding embedding:
            {
                if (embedding.MaskZero)
                    throw new NotSupportedException($"Layer '{name}' (Embedding) has mask_zero: ONNX has no form here for Keras's masks, which skip the padding wherever " +
                                                    "it is; save a model built without mask_zero.");
                string indices = Node("Cast", new[] { x[0] }, Unique(name + "/indices"), Int("to", Int64));
                return new[] { Node("Gather", new[] { Initializer($"{name}/embeddings", layer.GetWeights()[0]), indices }, Unique(name), Int("axis", 0)) };
            }
            case Conv1D conv:
            {
                var weights = layer.GetWeights();
                var arguments = new List<string> { Transposed(x[0], name + "/nct"), Initializer($"{name}/kernel", weights[0].permute(2, 1, 0)) };
                if (conv.UseBias) arguments.Add(Initializer($"{name}/bias", weights[1]));
                string y = Node("Conv", arguments, Unique(name), Ints("kernel_shape", conv.KernelSize), Ints("strides", conv.Strides),
                    Ints("dilations", conv.DilationRate), Ints("pads", conv.Pads.Before, conv.Pads.After));
                return new[] { Activation(Transposed(y, name + "/ntc"), conv.Activation, name) };
            }
            case Pooling1D pool:
            {
                var axis = SpatialGeometry.Axis(inputs[0][0], pool.PoolSize, pool.Strides, 1, pool.Padding, layer);
                string y = Node(pool is MaxPooling1D ? "MaxPool" : "AveragePool", new[] { Transposed(x[0], name + "/nct") }, Unique(name),
                    Ints("kernel_shape", pool.PoolSize), Ints("strides", pool.Strides), Ints("pads", axis.Before, axis.After));
                return new[] { Transposed(y, name + "/ntc") };
            }
            case GlobalAveragePooling1D:
                return new[] { Node("ReduceMean", x, Unique(name), Ints("axes", 1), Int("keepdims", 0)) };
            case GlobalMaxPooling1D:
                return new[] { Node("ReduceMax", x, Unique(name), Ints("axes", 1), Int("keepdims", 0)) };
            case RepeatVector repeat:
            {
                string expanded = Node("Unsqueeze", new[] { x[0], Constant(name + "/axes", 1) }, Unique(name + "/unsqueeze"));
                return new[] { Node("Tile", new[] { expanded, Constant(name + "/repeats", 1, repeat.N, 1) }, Unique(name)) };
            }
            case TimeDistributed distributed:
            {
                // Every step as a sample of its own: (batch x steps, ...), then back to (batch, steps, ...).
                var (inner, innerOutput) = (new Shape(inputs[0].Dims.Skip(1).ToArray()), new Shape(outputs[0].Dims.Skip(1).ToArray()));
                string flat = Node("Reshape", new[] { x[0], Constant(name + "/samples", new long[] { -1 }.Concat(inner.Dims.Select(d => (long)d)).ToArray()) }, Unique(name + "/samples"));
                string y = Layer(distributed.Inner, new[] { inner }, new[] { innerOutput }, new[] { flat })[0];
                return new[] { Node("Reshape", new[] { y, Constant(name + "/steps", new long[] { -1 }.Concat(outputs[0].Dims.Select(d => (long)d)).ToArray()) }, Unique(name)) };
            }
            case Recurrent recurrent:
                return RecurrentOp(recurrent, x);
            case Bidirectional bidirectional:
            {
                var forward = RecurrentOp(bidirectional.Forward, x);
                var backward = RecurrentOp(bidirectional.Backward, x);
                var (y, yBack) = (forward[0], backward[0]);
                // Keras turns the backward outputs back into time order before merging them.
                if (bidirectional.Forward.ReturnSequences) yBack = Reversed(yBack, 1, name + "/backward_in_time_order");
                var merged = bidirectional.MergeMode switch
                {
                    null => new[] { y, yBack },
                    "concat" => new[] { Node("Concat", new[] { y, yBack }, Unique(name), Int("axis", -1)) },
                    "sum" => new[] { Node("Add", new[] { y, yBack }, Unique(name)) },
                    "mul" => new[] { Node("Mul", new[] { y, yBack }, Unique(name)) },
                    _ => new[] { Node("Mul", new[] { Node("Add", new[] { y, yBack }, Unique(name + "/sum")), Initializer(name + "/half", tensor(0.5f)) }, Unique(name)) },
                };
                return merged.Concat(forward.Skip(1)).Concat(backward.Skip(1)).ToList();
            }
            default:
                return null;
        }
    }

    /// <summary>A recurrent layer as ONNX's op: its output, then its final states with return_state.</summary>
    private IReadOnlyList<string> RecurrentOp(Recurrent layer, IReadOnlyList<string> x)
    {
        string name = layer.Name;
        var (op, order, recurrentActivation, linearBeforeReset) = layer switch
        {
            LSTM lstm => ("LSTM", new[] { 0, 3, 1, 2 }, lstm.RecurrentActivation, false),
            GRU gru => ("GRU", new[] { 0, 1, 2 }, gru.RecurrentActivation, gru.ResetAfter),
            _ => ("RNN", new[] { 0 }, (string?)null, false),
        };
        int units = layer.Units, gates = order.Length;
        var weights = layer.GetWeights();
        Tensor Reordered(Tensor t) => cat(order.Select(g => t.narrow(-1, g * units, units)).ToArray(), -1);
        var (inputBias, recurrentBias) = !layer.UseBias
            ? (zeros(gates * units), zeros(gates * units))
            : linearBeforeReset ? (weights[2][0], weights[2][1]) : (weights[2], zeros(gates * units));
        // The op's functions: RNN's f; GRU's f (gates) and g; LSTM's f, g (cell candidate) and h (output).
        var functions = (op switch
        {
            "LSTM" => new[] { recurrentActivation!, layer.Activation, layer.Activation },
            "GRU" => new[] { recurrentActivation!, layer.Activation },
            _ => new[] { layer.Activation },
        }).Select(a => RecurrentFunction(a, layer)).ToArray();

        // ONNX reads (steps, batch, features); go_backwards reads the steps from the end.
        string steps = Node("Transpose", new[] { x[0] }, Unique(name + "/time_major"), Ints("perm", 1, 0, 2));
        if (layer.GoBackwards) steps = Reversed(steps, 0, name + "/backwards");
        var arguments = new List<string>
        {
            steps,
            Initializer($"{name}/W", Reordered(weights[0]).t().unsqueeze(0)),
            Initializer($"{name}/R", Reordered(weights[1]).t().unsqueeze(0)),
            Initializer($"{name}/B", cat(new[] { Reordered(inputBias), Reordered(recurrentBias) }).unsqueeze(0)),
            "",
        };
        arguments.AddRange(x.Skip(1).Select((state, i) => Node("Unsqueeze", new[] { state, Constant($"{name}/state_axes", 0) }, Unique($"{name}/initial_state_{i}"))));
        var results = Node(op, arguments, (op == "LSTM" ? new[] { "/sequence", "/h", "/c" } : new[] { "/sequence", "/h" }).Select(s => Unique(name + s)).ToArray(),
            new[]
            {
                Int("hidden_size", units),
                Strings("activations", functions.Select(f => f.Name).ToArray()),
                Floats("activation_alpha", functions.Select(f => f.Alpha).ToArray()),
                Floats("activation_beta", functions.Select(f => f.Beta).ToArray()),
            }.Concat(op == "GRU" ? new[] { Int("linear_before_reset", linearBeforeReset ? 1 : 0) } : Array.Empty<ProtoMessage>()).ToArray());
        // Y is (steps, 1, batch, units) and the states (1, batch, units).
        string output = layer.ReturnSequences
            ? Node("Transpose", new[] { Node("Squeeze", new[] { results[0], Constant(name + "/direction_axis", 1) }, Unique(name + "/steps")) }, Unique(name), Ints("perm", 1, 0, 2))
            : Node("Squeeze", new[] { results[1], Constant(name + "/direction_axis", 0) }, Unique(name));
        if (!layer.ReturnState) return new[] { output };
        var states = results.Skip(1).Select((s, i) => Node("Squeeze", new[] { s, Constant(name + "/direction_axis", 0) }, Unique($"{name}/state_{i}")));
        return new[] { output }.Concat(states).ToList();
    }

    /// <summary>A Keras activation as an ONNX recurrent op's function, with its alpha and beta (Keras's hard_sigmoid: 0.2, 0.5).</summary>
    private static (string Name, float Alpha, float Beta) RecurrentFunction(string activation, Layer layer) => activation switch
    {
        "sigmoid" => ("Sigmoid", 0, 0),
        "tanh" => ("Tanh", 0, 0),
        "relu" => ("Relu", 0, 0),
        "hard_sigmoid" => ("HardSigmoid", 0.2f, 0.5f),
        "softplus" => ("Softplus", 0, 0),
        "linear" => ("Affine", 1, 0),
        _ => throw new NotSupportedException($"Layer '{layer.Name}': the activation '{activation}' has no form in ONNX's recurrent ops."),
    };

    /// <summary>(batch, steps, channels) to (batch, channels, steps) and back: the same swap.</summary>
    private string Transposed(string x, string name) => Node("Transpose", new[] { x }, Unique(name), Ints("perm", 0, 2, 1));

    /// <summary>The steps along <paramref name="axis"/> in reverse order.</summary>
    private string Reversed(string x, long axis, string name) => Node("Slice", new[]
    {
        x, Constant(name + "/starts", -1), Constant(name + "/ends", long.MinValue), Constant(name + "/axes", axis), Constant(name + "/step", -1),
    }, Unique(name));

    /// <summary>An int64 constant, as opset 13's Unsqueeze, Squeeze, Tile, Reshape and Slice take their arguments.</summary>
    private string Constant(string name, params long[] values) => Initializer(name, tensor(values));
}
