using Keras;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The functional API: Input, layers applied to symbolic tensors, Model(inputs, outputs) with several inputs and
/// outputs, shared layers and nested models; its summary, its training and its files. Each test runs in a session of
/// its own (names from 1, its own seed), so none needs to run alone.
/// </summary>
public class FunctionalModelTests
{
    [Fact]
    public void The_summary_shows_each_calls_connections_as_keras_prints_them()
    {
        using var session = Session.Scope(device: "cpu", seed: 1);
        // A shared Dense called twice on one tensor, then concatenated: a model from a Keras user's question, whose
        // summary Keras 2.0 printed at 100 characters.
        var inputs = new Input(100, name: "A_input");
        var x = new Dense(20, activation: "relu", name: "B_dense").Apply(inputs);
        var shared = new Dense(20, activation: "relu", name: "C_dense_shared");
        var merged = new Concatenate(name: "D_concat").Apply(shared.Apply(x), shared.Apply(x));
        var model = new Model(inputs, merged);
        var lines = new List<string>();
        model.Summary(line_length: 100, print_fn: lines.Add);
        string Row(string a, string b, string c, string d) => (a.PadRight(33) + b.PadRight(22) + c.PadRight(12) + d).PadRight(100);
        var expected = new[]
        {
            new string('_', 100),
            Row("Layer (type)", "Output Shape", "Param #", "Connected to"),
            new string('=', 100),
            Row("A_input (InputLayer)", "(None, 100)", "0", ""),
            new string('_', 100),
            Row("B_dense (Dense)", "(None, 20)", "2020", "A_input[0][0]"),
            new string('_', 100),
            Row("C_dense_shared (Dense)", "(None, 20)", "420", "B_dense[0][0]"),
            Row("", "", "", "B_dense[0][0]"),
            new string('_', 100),
            Row("D_concat (Concatenate)", "(None, 40)", "0", "C_dense_shared[0][0]"),
            Row("", "", "", "C_dense_shared[1][0]"),
            new string('=', 100),
            "Total params: 2,440",
            "Trainable params: 2,440",
            "Non-trainable params: 0",
            new string('_', 100),
        };
        Assert.Equal(expected, lines);

        // At Keras 2.2's default width, 98, and a plain chain prints as a Sequential does, its input layer first.
        var chainLines = new List<string>();
        var input = new Input(64);
        new Model(input, new Dense(10).Apply(new Dense(32).Apply(input))).Summary(print_fn: chainLines.Add);
        Assert.Equal(65, chainLines[0].Length);
        Assert.StartsWith("input_1 (InputLayer)         (None, 64)                0", chainLines[3]);
        lines.Clear();
        model.Summary(print_fn: lines.Add);
        Assert.Equal(98, lines[0].Length);
        Assert.StartsWith("C_dense_shared (Dense)          (None, 20)           420         B_dense[0][0]", lines[7]);
    }

    private static (Tensor X, Tensor Y) Data(int n, int seed)
    {
        var generator = new Generator((ulong)seed);
        var x = rand(new long[] { n, 6 }, generator: generator);
        var y = Keras.Utils.Util.ToCategorical((x.narrow(1, 0, 3).sum(1) > x.narrow(1, 3, 3).sum(1)).to(ScalarType.Int64), 2);
        return (x, y);
    }

    [Fact]
    public void A_chain_built_functionally_trains_exactly_as_the_same_sequential_model()
    {
        var (x, y) = Data(96, seed: 4);
        (IReadOnlyList<Tensor> Weights, IReadOnlyList<double> Loss, Tensor Predicted) Run(Func<BaseModel> build)
        {
            using var session = Session.Scope(device: "cpu", seed: 21);
            var model = build();
            model.Compile(new Keras.Optimizers.SGD(lr: 0.1, momentum: 0.9, nesterov: true), "categorical_crossentropy", new[] { "accuracy" });
            var history = model.Fit(x, y, batch_size: 16, epochs: 3, verbose: 0);
            return (model.GetWeights(), history.history["loss"], model.Predict(x));
        }
        var sequential = Run(() => new Sequential(new Layer[] { new Dense(16, activation: "relu", input_shape: 6), new Dropout(0.25), new Dense(2, activation: "softmax") }));
        var functional = Run(() =>
        {
            var input = new Input(6);
            var h = new Dense(16, activation: "relu").Apply(input);
            return new Model(input, new Dense(2, activation: "softmax").Apply(new Dropout(0.25).Apply(h)));
        });
        Assert.Equal(sequential.Loss, functional.Loss);
        for (int i = 0; i < sequential.Weights.Count; i++) Assert.True(sequential.Weights[i].equal(functional.Weights[i]).all().item<bool>(), $"weight {i}");
        Assert.True(sequential.Predicted.equal(functional.Predicted).all().item<bool>());
    }

    [Fact]
    public void Two_inputs_and_two_outputs_train_with_per_output_losses_and_weights_logged_as_keras_logs_them()
    {
        using var session = Session.Scope(device: "cpu", seed: 5);
        var (x, y) = Data(64, seed: 5);
        var left = new Input(6, name: "left");
        var right = new Input(6, name: "right");
        var shared = new Dense(8, activation: "relu", name: "shared");
        var (l, r) = (shared.Apply(left), shared.Apply(right));
        var classes = new Dense(2, activation: "softmax", name: "classes").Apply(new Concatenate().Apply(l, r));
        var sum = new Dense(1, name: "sum").Apply(new Add().Apply(l, r));
        var model = new Model(new BaseLayer[] { left, right }, new BaseLayer[] { classes, sum });
        Assert.Equal(2, shared.InboundNodes.Count);
        Assert.Equal(8 * 6 + 8, shared.CountParams()); // one set of weights however often it is called
        model.Compile("adam", new Keras.Losses.Loss[] { "categorical_crossentropy", "mse" }, new[] { "accuracy" }, loss_weights: new[] { 1.0, 0.5 });
        Assert.Equal(new[] { "loss", "classes_loss", "sum_loss", "classes_acc", "sum_acc" }, model.MetricsNames);

        var target = x.sum(1, keepdim: true);
        var history = model.Fit(new[] { x, x.flip(1) }, new[] { y, target }, batch_size: 16, epochs: 2, verbose: 0, validation_split: 0.25);
        Assert.Equal(new[] { "loss", "classes_loss", "sum_loss", "classes_acc", "sum_acc", "val_loss", "val_classes_loss", "val_sum_loss", "val_classes_acc", "val_sum_acc" },
            history.history.Keys);
        var scores = model.Evaluate(new[] { x, x.flip(1) }, new[] { y, target }, verbose: 0);
        Assert.Equal(scores[1] + 0.5 * scores[2], scores[0], 5); // the total is the weighted sum of the outputs' losses
        var outputs = model.PredictAll(new[] { x, x.flip(1) });
        Assert.Equal(new long[] { 64, 2 }, outputs[0].shape);
        Assert.Equal(new long[] { 64, 1 }, outputs[1].shape);
        Assert.Contains("PredictAll", Assert.Throws<InvalidOperationException>(() => model.Predict(new[] { x, x })).Message);
    }

    [Fact]
    public void A_sequential_model_is_a_layer_of_a_functional_one_with_its_own_weights()
    {
        using var session = Session.Scope(device: "cpu", seed: 6);
        var encoder = new Sequential(new Layer[] { new Dense(4, activation: "relu", input_shape: 6), new Dense(3) });
        var input = new Input(6);
        var model = new Model(input, new Dense(2, activation: "softmax").Apply(encoder.Apply(input)));
        Assert.Equal(encoder.CountParams() + 3 * 2 + 2, model.CountParams());
        using var x = rand(5, 6);
        using var encoded = encoder.Predict(x);
        using var expected = model.Layers[^1].GetWeights() is var w ? (encoded.matmul(w[0]) + w[1]).softmax(-1) : null;
        using var predicted = model.Predict(x);
        Assert.True(predicted.allclose(expected!, rtol: 1e-5, atol: 1e-6));

        foreach (string file in new[] { "nested.h5", "nested.keras" })
        {
            string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-functional-").FullName, file);
            model.Save(path);
            using var again = BaseModel.LoadModel(path).Predict(x);
            Assert.True(again.equal(predicted).all().item<bool>(), file);
        }
        using var fromJson = BaseModel.ModelFromJson(model.ToJson()) is var rebuilt && rebuilt.GetWeights().Length == model.GetWeights().Length ? rebuilt.Predict(x) : null;
        Assert.Equal(predicted.shape, fromJson!.shape);
    }

    [Fact]
    public void Functional_models_go_through_every_file_format_and_json()
    {
        using var session = Session.Scope(device: "cpu", seed: 7);
        var a = new Input((4, 4, 2), name: "image");
        var b = new Input(3, name: "extra");
        var conv = new Conv2D(3, 3, padding: "same", activation: "relu").Apply(a);
        var pooled = new GlobalAveragePooling2D().Apply(new ZeroPadding2D(1).Apply(conv));
        var averaged = new AveragePooling2D(padding: "same").Apply(conv);
        var flat = new Flatten().Apply(averaged);
        var joined = new Concatenate().Apply(pooled, flat, new Dense(3).Apply(b));
        var output = new Dense(2, activation: "softmax").Apply(new Reshape(new[] { -1 }).Apply(joined));
        var model = new Model(new BaseLayer[] { a, b }, new BaseLayer[] { output });
        model.Compile(new Keras.Optimizers.Adam(lr: 0.01), "categorical_crossentropy", new[] { "accuracy" });
        var x = new[] { rand(8, 4, 4, 2), rand(8, 3) };
        var y = Keras.Utils.Util.ToCategorical(arange(8) % 2, 2);
        model.Fit(x, new[] { y }, batch_size: 4, epochs: 1, verbose: 0);
        using var expected = model.Predict(x);

        string folder = Directory.CreateTempSubdirectory("kerassharp-functional-").FullName;
        foreach (string file in new[] { "m.h5", "m.keras" })
        {
            string path = Path.Combine(folder, file);
            model.Save(path);
            var loaded = BaseModel.LoadModel(path);
            Assert.IsType<Model>(loaded);
            Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
            Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
            using var predicted = loaded.Predict(x);
            Assert.True(predicted.equal(expected).all().item<bool>(), file);
        }
        var rebuilt = BaseModel.ModelFromJson(model.ToJson());
        rebuilt.SetWeights(model.GetWeights());
        using var fromJson = rebuilt.Predict(x);
        Assert.True(fromJson.equal(expected).all().item<bool>());
        string json = model.ToJson();
        Assert.Contains("\"class_name\":\"Model\"", json);
        Assert.Contains("\"inbound_nodes\":[[[\"image\",0,0,{}]]]", json);
        Assert.Contains("\"input_layers\":[[\"image\",0,0],[\"extra\",0,0]]", json);
    }

    [Fact]
    public void Graphs_that_cannot_be_built_are_refused_clearly()
    {
        using var session = Session.Scope(device: "cpu", seed: 8);
        var a = new Input(4);
        var b = new Input(4);
        var sum = new Add().Apply(a, b);
        Assert.Contains("Graph disconnected", Assert.Throws<ArgumentException>(() => new Model(a, sum)).Message);
        var hidden = new Dense(3).Apply(a);
        Assert.Contains("must be Input tensors", Assert.Throws<ArgumentException>(() => new Model(hidden, new Dense(2).Apply(hidden))).Message);
        var dense = new Dense(5);
        dense.Apply(a);
        Assert.Contains("was built for inputs (None, 4)", Assert.Throws<ArgumentException>(() => dense.Apply(new Input(7))).Message);
        Assert.Contains("except for the concat axis", Assert.Throws<ArgumentException>(() => new Concatenate(axis: 1).Apply(new Input((2, 3)), new Input((2, 4)))).Message);
        Assert.Contains("not been applied to anything yet", Assert.Throws<ArgumentException>(() => new Dense(2).Apply(new Dense(3))).Message);
        Assert.Contains("exactly 2", Assert.Throws<ArgumentException>(() => new Subtract().Apply(a, b, a)).Message);
    }
}
