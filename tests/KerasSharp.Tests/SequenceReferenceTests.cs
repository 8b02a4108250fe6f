using System.Text.Json.Nodes;
using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The sequence layers against a real Keras, TensorFlow.js 4.22's layers API, through the TensorFlow.js export: every
/// layer's forward pass with the same weights and inputs within 1e-5 (Embedding, Conv1D in every padding, the 1-D
/// poolings, SimpleRNN, LSTM and GRU with Keras 2.2's hard_sigmoid and tf.keras's sigmoid gates, reset_after both ways,
/// return_sequences, go_backwards, return_state and initial states, RepeatVector, TimeDistributed, Bidirectional in each
/// merge mode); then training an Embedding, LSTM and Dense network for a few epochs from the same weights.
/// </summary>
public class SequenceReferenceTests : SessionScopedTest
{
    private static Tensor Indices(int seed, long vocabulary, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return randint(vocabulary, shape, generator: generator).to_type(ScalarType.Float32);
    }

    /// <summary>Index sequences padded with zeros as pad_sequences pads them: before (the default) in some rows, after in others.</summary>
    private static Tensor Padded(int seed, long vocabulary, long steps)
    {
        var x = Indices(seed, vocabulary - 1, 4, steps) + 1;
        x[0, ..3] = tensor(0f);
        x[1, (int)(steps - 2)..] = tensor(0f);
        x[2, ..1] = tensor(0f);
        return x;
    }

    private static Model States()
    {
        var sequence = new Input((6, 3));
        var h = new Input(new Shape(5));
        var c = new Input(new Shape(5));
        var outputs = new LSTM(5, recurrent_activation: "sigmoid", return_sequences: true, return_state: true).ApplyAll(sequence, h, c);
        var gru = new GRU(4, return_state: true, go_backwards: true).ApplyAll(outputs[0]);
        return new Model(new BaseLayer[] { sequence, h, c }, new BaseLayer[] { outputs[0], outputs[1], outputs[2], gru[0], gru[1] });
    }

    public static IEnumerable<(string Name, Func<BaseModel> Model, Func<int, Tensor[]> Inputs)> Cases()
    {
        Tensor[] Sequences(int seed, long t, long f) => new[] { KerasReferenceTests.Random(seed, 3, t, f) };
        yield return ("embedding", () => KerasReferenceTests.Chain(new Shape(7), new Embedding(20, 4)), s => new[] { Indices(s, 20, 3, 7) });
        yield return ("conv1d_valid", () => KerasReferenceTests.Chain((9, 3), new Conv1D(4, 3)), s => Sequences(s, 9, 3));
        yield return ("conv1d_same_strided", () => KerasReferenceTests.Chain((10, 3), new Conv1D(5, 4, strides: 2, padding: "same", activation: "relu")), s => Sequences(s, 10, 3));
        yield return ("conv1d_dilated", () => KerasReferenceTests.Chain((10, 2), new Conv1D(3, 3, dilation_rate: 2)), s => Sequences(s, 10, 2));
        yield return ("pool1d", () => KerasReferenceTests.Chain((9, 3), new MaxPooling1D(3, strides: 2, padding: "same"), new AveragePooling1D(2)), s => Sequences(s, 9, 3));
        yield return ("avg_pool1d_same", () => KerasReferenceTests.Chain((7, 2), new AveragePooling1D(3, 2, padding: "same")), s => Sequences(s, 7, 2));
        yield return ("global_pool1d", () => KerasReferenceTests.Chain((6, 4), new Conv1D(4, 1), new GlobalMaxPooling1D()), s => Sequences(s, 6, 4));
        yield return ("global_avg_pool1d", () => KerasReferenceTests.Chain((6, 4), new GlobalAveragePooling1D()), s => Sequences(s, 6, 4));
        yield return ("simple_rnn", () => KerasReferenceTests.Chain((5, 3), new SimpleRNN(4, return_sequences: true), new SimpleRNN(3, activation: "relu", go_backwards: true)), s => Sequences(s, 5, 3));
        yield return ("lstm_keras22", () => KerasReferenceTests.Chain((6, 3), new LSTM(5)), s => Sequences(s, 6, 3));
        yield return ("lstm_sigmoid_sequences", () => KerasReferenceTests.Chain((6, 3), new LSTM(5, recurrent_activation: "sigmoid", return_sequences: true, go_backwards: true)), s => Sequences(s, 6, 3));
        yield return ("gru_keras22", () => KerasReferenceTests.Chain((6, 3), new GRU(4, return_sequences: true)), s => Sequences(s, 6, 3));
        yield return ("gru_sigmoid", () => KerasReferenceTests.Chain((6, 3), new GRU(4, recurrent_activation: "sigmoid", go_backwards: true)), s => Sequences(s, 6, 3));
        yield return ("states", States, s => new[] { KerasReferenceTests.Random(s, 3, 6, 3), KerasReferenceTests.Random(s + 1, 3, 5), KerasReferenceTests.Random(s + 2, 3, 5) });
        yield return ("repeat_time_distributed", () => KerasReferenceTests.Chain(new Shape(4), new RepeatVector(3), new TimeDistributed(new Dense(2, activation: "tanh"))), s => new[] { KerasReferenceTests.Random(s, 3, 4) });
        foreach (var mode in new[] { "concat", "sum", "mul", "ave" })
            yield return ($"bidirectional_{mode}", () => KerasReferenceTests.Chain((5, 3), new Bidirectional(new LSTM(4, return_sequences: true), merge_mode: mode)), s => Sequences(s, 5, 3));
        yield return ("bidirectional_gru_last", () => KerasReferenceTests.Chain((5, 3), new Bidirectional(new GRU(3, recurrent_activation: "sigmoid"))), s => Sequences(s, 5, 3));
        yield return ("masked", () => KerasReferenceTests.Chain(new Shape(9), new Embedding(12, 4, mask_zero: true), new LSTM(5, return_sequences: true), new TimeDistributed(new Dense(3))),
            s => new[] { Padded(s, 12, 9) });
        yield return ("masked_bidirectional", () => KerasReferenceTests.Chain(new Shape(9), new Embedding(12, 4, mask_zero: true), new Bidirectional(new GRU(3, go_backwards: true)), new Dense(2)),
            s => new[] { Padded(s, 12, 9) });
        yield return ("sentiment", () => KerasReferenceTests.Chain(new Shape(12), new Embedding(30, 6), new Conv1D(4, 3, activation: "relu"), new MaxPooling1D(2), new LSTM(5), new Dense(1, activation: "sigmoid")),
            s => new[] { Indices(s, 30, 3, 12) });
    }

    [SkippableFact]
    public void Every_sequence_layer_computes_what_tensorflow_js_computes()
    {
        var cases = Cases().Select((c, i) =>
        {
            var model = KerasReferenceTests.Randomized(c.Model(), 500 + i);
            return (c.Name, Model: model, Inputs: c.Inputs(600 + 10 * i));
        }).ToList();
        var results = TensorflowJsReference.Run(cases.Select(c => new TensorflowJsReference.Job(c.Name, c.Model, c.Inputs)).ToArray());
        var failures = new List<string>();
        foreach (var (name, model, inputs) in cases)
        {
            var ours = model.PredictAll(inputs);
            var theirs = results[name].Tensors;
            if (theirs.Count != ours.Length)
            {
                failures.Add($"{name}: {ours.Length} outputs here, {theirs.Count} in TensorFlow.js");
                continue;
            }
            for (int i = 0; i < ours.Length; i++)
            {
                double difference = TensorflowJsReference.Difference(ours[i], theirs[i].Value);
                if (!(difference < 1e-5)) failures.Add($"{name} output {i}: differs from TensorFlow.js by {difference:G3}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_mask_reaching_a_layer_that_cannot_take_one_is_refused()
    {
        var model = KerasReferenceTests.Chain(new Shape(5), new Embedding(10, 3, mask_zero: true), new Flatten(), new Dense(1));
        var e = Assert.Throws<ArgumentException>(() => model.Predict(Indices(1, 10, 2, 5)));
        Assert.Contains("Layer 'flatten_1' (Flatten) does not support masking", e.Message);
    }

    [Fact]
    public void A_masked_sequence_output_leaves_its_padding_out_of_the_loss_as_keras_does()
    {
        // Keras 2.2's weighted_masked_objective: scores at masked steps are zeroed and the rest divided by the batch
        // mask's mean, then averaged. (TensorFlow.js leaves masks out of its losses, so Keras's formula is the reference.)
        var model = KerasReferenceTests.Chain(new Shape(9), new Embedding(12, 4, mask_zero: true), new LSTM(5, return_sequences: true),
            new TimeDistributed(new Dense(3, activation: "softmax")));
        model.Compile("sgd", "categorical_crossentropy", new[] { "accuracy" });
        var x = Padded(40, 12, 9);
        var y = nn.functional.one_hot(Indices(41, 3, 4, 9).to_type(ScalarType.Int64), 3).to_type(ScalarType.Float32);
        var p = model.Predict(x).clamp(1e-7, 1 - 1e-7);
        var scores = -(y * p.log()).sum(-1);
        var mask = x.ne(0).to_type(ScalarType.Float32);
        double expected = (scores * mask / mask.mean()).mean().item<float>();
        Assert.Equal(expected, model.Evaluate(x, y, batch_size: 4, verbose: 0)[0], 5);
        // Targets at the padding do not count.
        var changed = y.clone();
        changed[0, ..3] = tensor(new float[] { 1, 0, 0 });
        changed[1, 7..] = tensor(new float[] { 0, 0, 1 });
        Assert.Equal(model.Evaluate(x, y, batch_size: 4, verbose: 0)[0], model.Evaluate(x, changed, batch_size: 4, verbose: 0)[0], 6);
    }

    [Fact]
    public void Global_average_pooling_leaves_masked_steps_out_of_the_average_as_keras_does()
    {
        // Keras 2.2.4's GlobalAveragePooling1D: sum(x mask) / sum(mask) over the steps, and no mask after it.
        var model = KerasReferenceTests.Chain(new Shape(9), new Embedding(12, 4, mask_zero: true), new GlobalAveragePooling1D(), new Dense(1));
        var x = Padded(45, 12, 9);
        var embedded = model.Layers[0].GetWeights()[0][x.to_type(ScalarType.Int64)];
        var mask = x.ne(0).to_type(ScalarType.Float32).unsqueeze(-1);
        var pooled = (embedded * mask).sum(1) / mask.sum(1);
        var dense = model.Layers[2].GetWeights();
        Assert.True(TensorflowJsReference.Difference(pooled.matmul(dense[0]) + dense[1], model.Predict(x)) < 1e-6);
    }

    [Fact]
    public void Conv1D_takes_its_padding_in_any_case_as_keras_and_conv2d_do()
    {
        Assert.Equal(new[] { "same", "causal", "valid" }, new[] { "SAME", "Causal", "valid" }.Select(p => new Conv1D(4, 3, padding: p).Padding));
        Assert.Contains("padding must be 'valid', 'same' or 'causal'; got 'full'", Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, padding: "full")).Message);
        Assert.Contains("padding must be 'valid' or 'same'; got 'causal'", Assert.Throws<ArgumentException>(() => new Conv2D(4, 3, padding: "causal")).Message);
    }

    [Fact]
    public void Time_distributed_layers_with_rank_4_inputs_or_outputs_apply_to_each_step_as_keras_does()
    {
        // A rank-4 batch travels in the engine's image layout, so its steps are not the engine's axis 1.
        var dense = KerasReferenceTests.Chain((3, 4, 5), new TimeDistributed(new Dense(2)));
        var x = KerasReferenceTests.Random(50, 2, 3, 4, 5);
        var weights = dense.Layers[0].GetWeights();
        Assert.True(TensorflowJsReference.Difference(x.matmul(weights[0]) + weights[1], dense.Predict(x)) < 1e-6);

        var embedding = KerasReferenceTests.Chain((3, 2), new TimeDistributed(new Embedding(10, 4)));
        var indices = Indices(51, 10, 2, 3, 2);
        var table = embedding.Layers[0].GetWeights()[0];
        Assert.True(table[indices.to_type(ScalarType.Int64)].equal(embedding.Predict(indices)).all().item<bool>());
    }

    [SkippableFact]
    public void An_embedding_lstm_network_trains_as_in_tensorflow_js()
    {
        Keras.Utils.Util.SetRandomSeed(21);
        var model = KerasReferenceTests.Chain(new Shape(8), new Embedding(15, 6), new LSTM(7, recurrent_activation: "sigmoid"), new Dense(2, activation: "softmax"));
        var x = Indices(22, 15, 48, 8);
        // The class: whether the sequence's first index is above its last.
        using var labels = x.select(1, 0).gt(x.select(1, 7)).to_type(ScalarType.Int64);
        var y = nn.functional.one_hot(labels, 2).to_type(ScalarType.Float32);
        // Nesterov SGD: the gradients through time are what is checked here (the optimizers are in KerasReferenceTests).
        // Adam would amplify float rounding: its first steps move each weight by about lr whatever the gradient's size,
        // so a weight whose gradient nearly cancels takes the sign of rounding noise.
        var optimizer = new JsonObject { ["name"] = "sgd", ["lr"] = 0.2, ["momentum"] = 0.9, ["nesterov"] = true };
        var reference = TensorflowJsReference.Run(new TensorflowJsReference.Job("train", model, new[] { x }, new[] { y },
            new TensorflowJsReference.Training(optimizer, "categoricalCrossentropy", 16, 3, new[] { "accuracy" })))["train"];

        model.Compile(new SGD(lr: 0.2, momentum: 0.9, nesterov: true), "categorical_crossentropy", new[] { "accuracy" });
        var history = model.Fit(x, y, batch_size: 16, epochs: 3, shuffle: false, verbose: 0);
        TensorflowJsReference.AssertTrainedAlike("embedding_lstm", reference, model, history, epochs: 3);
    }

    public static TheoryData<string> FusedLayers() => new() { "lstm", "gru", "simple_rnn" };

    [Theory]
    [MemberData(nameof(FusedLayers))]
    public void The_fused_libtorch_kernels_compute_what_the_step_loop_computes_forward_and_backward(string kind)
    {
        // Without a mask these layers run libtorch's fused kernel; an all-ones mask (no index is zero) sends the very
        // same network through the layer's own step loop. Predictions, loss and the weights after training must agree.
        Recurrent Layer() => kind switch
        {
            "lstm" => new LSTM(6, recurrent_activation: "sigmoid", return_sequences: true),
            "gru" => new GRU(6, recurrent_activation: "sigmoid", reset_after: true, go_backwards: true, return_sequences: true),
            _ => new SimpleRNN(6, activation: "relu", return_sequences: true),
        };
        Sequential Network(bool masked) => KerasReferenceTests.Chain(new Shape(7), new Embedding(9, 4, mask_zero: masked), Layer(), new GlobalAveragePooling1D(), new Dense(2, activation: "softmax"));
        var (fused, looped) = (KerasReferenceTests.Randomized(Network(false), 730), Network(true));
        looped.Predict(Indices(0, 8, 1, 7) + 1);
        for (int i = 0; i < fused.Layers.Count; i++) looped.Layers[i].SetWeights(fused.Layers[i].GetWeights());
        var x = Indices(731, 8, 12, 7) + 1;
        var y = nn.functional.one_hot(Indices(732, 2, 12).to_type(ScalarType.Int64), 2).to_type(ScalarType.Float32);
        Assert.True(TensorflowJsReference.Difference(fused.Predict(x), looped.Predict(x)) < 1e-6, "the same predictions");
        var losses = new[] { fused, looped }.Select(m =>
        {
            m.Compile(new SGD(lr: 0.5, momentum: 0.9), "categorical_crossentropy");
            return m.Fit(x, y, batch_size: 4, epochs: 2, shuffle: false, verbose: 0).HistoryLogs["loss"];
        }).ToArray();
        Assert.Equal(losses[1][1], losses[0][1], 5);
        for (int i = 0; i < fused.Layers.Count; i++)
            foreach (var (a, b) in fused.Layers[i].GetWeights().Zip(looped.Layers[i].GetWeights()))
                Assert.True(TensorflowJsReference.Difference(a, b) < 1e-5, $"{fused.Layers[i].Name}: the same weights after training");
    }

    [SkippableFact]
    public void Causal_convolutions_and_reset_after_grus_compute_what_pytorch_computes()
    {
        // TensorFlow.js lacks both (causal padding in conv1d, reset_after in its GRU cell): PyTorch 1.13 is the reference.
        PythonEnvironment.Require("numpy", "torch");
        string folder = Directory.CreateTempSubdirectory("kerassharp-torch-sequences-").FullName;
        var cases = new List<(string Name, Sequential Model, Tensor X, JsonObject Args)>
        {
            ("causal", KerasReferenceTests.Chain((11, 3), new Conv1D(4, 3, padding: "causal", dilation_rate: 2)), KerasReferenceTests.Random(700, 3, 11, 3),
                new JsonObject { ["kind"] = "causal_conv1d", ["dilation"] = 2, ["stride"] = 1 }),
            ("causal_strided", KerasReferenceTests.Chain((11, 2), new Conv1D(3, 4, strides: 2, padding: "causal")), KerasReferenceTests.Random(701, 3, 11, 2),
                new JsonObject { ["kind"] = "causal_conv1d", ["dilation"] = 1, ["stride"] = 2 }),
            ("gru_last", KerasReferenceTests.Chain((7, 3), new GRU(5, recurrent_activation: "sigmoid", reset_after: true)), KerasReferenceTests.Random(702, 3, 7, 3),
                new JsonObject { ["kind"] = "gru_reset_after", ["go_backwards"] = false, ["return_sequences"] = false }),
            ("gru_backwards_sequences", KerasReferenceTests.Chain((7, 3), new GRU(4, recurrent_activation: "sigmoid", reset_after: true, go_backwards: true, return_sequences: true)),
                KerasReferenceTests.Random(703, 3, 7, 3), new JsonObject { ["kind"] = "gru_reset_after", ["go_backwards"] = true, ["return_sequences"] = true }),
        };
        foreach (var (name, model, x, _) in cases)
        {
            KerasReferenceTests.Randomized(model, 710 + name.Length);
            var weights = model.Layers[^1].GetWeights();
            Numpy.np.save(Path.Combine(folder, $"{name}_x.npy"), x);
            var parts = model.Layers[^1] is Conv1D ? new[] { "kernel", "bias" } : new[] { "kernel", "recurrent", "bias" };
            for (int i = 0; i < parts.Length; i++) Numpy.np.save(Path.Combine(folder, $"{name}_{parts[i]}.npy"), weights[i]);
        }
        File.WriteAllText(Path.Combine(folder, "cases.json"), new JsonObject(cases.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)c.Args))).ToJsonString());
        PythonEnvironment.Script("torch_sequences.py", folder);
        foreach (var (name, model, x, _) in cases)
        {
            var expected = Numpy.np.load(Path.Combine(folder, "out", name + ".npy")).Tensor;
            double difference = TensorflowJsReference.Difference(expected, model.Predict(x));
            Assert.True(difference < 1e-5, $"{name}: differs from PyTorch by {difference:G3}");
        }
    }
}
