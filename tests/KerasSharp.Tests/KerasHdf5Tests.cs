using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;
using KerasSharp.Tutorial;
using static KerasSharp.Tests.KerasFileFixtures;

using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras 2 HDF5 files both ways, checked with Debian's h5py and NumPy (python-env/keras_h5.py): weights files
/// KerasSharp writes read as Keras 2.2 reads them (byte-string names) and give Predict's outputs in a NumPy forward
/// pass, and so do model files (lists of names split as Keras splits them); files written in Keras's layout by h5py
/// load into KerasSharp exactly.
/// </summary>
public class KerasHdf5Tests : SessionScopedTest
{
    private static string Folder() => KerasFileFixtures.Folder("kerassharp-h5-");

    private static string Python(params string[] args) => KerasFileFixtures.Python("keras_h5.py", args);

    [SkippableFact]
    public void Weights_kerassharp_writes_read_as_keras_2_2_reads_them_and_predict_the_same_in_numpy()
    {
        string folder = Folder();
        string path = Path.Combine(folder, "mlp.h5");
        var model = Mlp();
        model.SaveWeights(path);

        var layout = JsonDocument.Parse(Python("describe", path)).RootElement;
        Assert.Equal("S", layout.GetProperty("layer_names_dtype").GetString()); // byte strings, as Keras 2.2 decodes them
        Assert.Equal(model.Layers.Select(l => l.Name), layout.GetProperty("layer_names").EnumerateArray().Select(e => e.GetString()));
        var dense = layout.GetProperty("weights").GetProperty(model.Layers[0].Name);
        Assert.Equal(new[] { $"{model.Layers[0].Name}/kernel:0", $"{model.Layers[0].Name}/bias:0" }, dense.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("[[5,8],[8]]", dense.GetProperty("shapes").GetRawText().Replace(" ", ""));

        using var x = rand(6, 5);
        string input = KerasFileFixtures.InputJson(folder, x);
        var numpy = JsonSerializer.Deserialize<double[][]>(Python("forward", path, input))!;
        using var predicted = model.Predict(x);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 3; j++)
                Assert.InRange(Math.Abs(numpy[i][j] - predicted[i, j].item<float>()), 0, 1e-5);
    }

    /// <summary>A spec of random weights for <see cref="Mlp"/>, under Keras's layer names, and the arrays in it.</summary>
    private static (string Spec, float[][] Arrays) KerasWeights(string folder, string[] names)
    {
        var random = new Random(5);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var arrays = new[] { Values(40), Values(8), Values(24), Values(3) };
        object Matrix(float[] v, int rows, int cols) => Enumerable.Range(0, rows).Select(r => v.Skip(r * cols).Take(cols).ToArray()).ToArray();
        var spec = new
        {
            layers = new object[]
            {
                new { name = names[0], weights = new Dictionary<string, object> { [$"{names[0]}/kernel:0"] = Matrix(arrays[0], 5, 8), [$"{names[0]}/bias:0"] = arrays[1] } },
                new { name = names[1], weights = new Dictionary<string, object>() },
                new { name = names[2], weights = new Dictionary<string, object> { [$"{names[2]}/kernel:0"] = Matrix(arrays[2], 8, 3), [$"{names[2]}/bias:0"] = arrays[3] } },
            },
        };
        string path = Path.Combine(folder, "spec.json");
        File.WriteAllText(path, JsonSerializer.Serialize(spec));
        return (path, arrays);
    }

    [SkippableTheory]
    [InlineData("weights")]
    [InlineData("--whole-model")]
    [InlineData("--vlen")]
    public void Weights_written_in_keras_layout_by_h5py_load_exactly(string variant)
    {
        string folder = Folder();
        // Names as another Keras session chose them: loading goes by order, as Keras's load_weights.
        var (spec, arrays) = KerasWeights(folder, new[] { "dense_7", "dropout_3", "dense_8" });
        string path = Path.Combine(folder, "keras.h5");
        Python(variant == "weights" ? new[] { "write", path, spec } : new[] { "write", path, spec, variant });
        var model = Mlp();
        model.LoadWeights(path);
        var loaded = model.GetWeights();
        for (int i = 0; i < arrays.Length; i++) Assert.Equal(arrays[i], loaded[i].data<float>().ToArray());
    }

    [SkippableFact]
    public void By_name_loads_only_the_layers_that_share_a_name()
    {
        string folder = Folder();
        var model = Mlp();
        var (spec, arrays) = KerasWeights(folder, new[] { model.Layers[0].Name, "dropout_x", "dense_other" });
        string path = Path.Combine(folder, "keras.h5");
        Python("write", path, spec);
        var before = model.GetWeights();
        model.LoadWeights(path, by_name: true);
        var after = model.GetWeights();
        Assert.Equal(arrays[0], after[0].data<float>().ToArray());
        Assert.True(before[2].allclose(after[2], rtol: 0, atol: 0)); // the last layer's name is not in the file
    }

    [Fact]
    public void Both_tutorial_networks_round_trip_through_h5()
    {
        foreach (var (source, target) in new[] { (TutorialModels.FourConv(), TutorialModels.FourConv()), (TutorialModels.SixConv(), TutorialModels.SixConv()) })
        {
            string path = Path.Combine(Folder(), "net.h5");
            source.SaveWeights(path);
            target.LoadWeights(path);
            AssertSameWeights(source, target);
        }
    }

    [Fact]
    public void Bad_h5_files_are_refused_with_their_name_and_leave_the_model_untouched()
    {
        string folder = Folder();
        var model = Mlp();
        var before = model.GetWeights()[0];
        InvalidDataException Refused(string path)
        {
            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
            Assert.Contains(path, e.Message);
            Assert.True(before.allclose(model.GetWeights()[0], rtol: 0, atol: 0));
            return e;
        }

        string text = Path.Combine(folder, "text.h5");
        File.WriteAllText(text, "not hdf5 at all");
        Refused(text);

        string other = Path.Combine(folder, "other.h5");
        var wider = new Sequential();
        wider.Add(new Dense(9, activation: "relu", input_shape: 5));
        wider.Add(new Dense(3, activation: "softmax"));
        wider.SaveWeights(other);
        Assert.Contains("has shape (5, 9), but the model expects (5, 8)", Refused(other).Message);

        var deeper = new Sequential();
        deeper.Add(new Dense(8, input_shape: 5));
        deeper.Add(new Dense(8));
        deeper.Add(new Dense(3));
        deeper.SaveWeights(other);
        Assert.Contains("different architecture", Refused(other).Message);

        string truncated = Path.Combine(folder, "truncated.h5");
        Mlp().SaveWeights(truncated);
        byte[] bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Refused(truncated);
    }

    [Fact]
    public void A_saved_model_loads_compiled_and_goes_on_training_as_the_original_would()
    {
        var (x, y, _) = SyntheticData.Quadrants(64, seed: 3);
        Keras.Utils.Util.SetRandomSeed(11);
        var model = new Sequential();
        model.Add(new Conv2D(4, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1)));
        model.Add(new Flatten());
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile(new Keras.Optimizers.Adam(lr: 0.01, decay: 1e-3), "categorical_crossentropy", new[] { "accuracy" });
        model.Fit(x, y, batch_size: 16, epochs: 1, verbose: 0, shuffle: false);
        string path = Path.Combine(Folder(), "model.h5");
        model.Save(path);

        var loaded = Sequential.LoadModel(path);
        var adam = Assert.IsType<Keras.Optimizers.Adam>(loaded.Optimizer);
        Assert.Equal((0.01, 1e-3, 4L), (adam.Lr, adam.Decay, adam.Iterations));
        Assert.Equal("categorical_crossentropy", loaded.Loss!.Name);
        Assert.Equal(new[] { "acc" }, loaded.Metrics.Select(m => m.Name));
        AssertSameWeights(model, loaded);

        // The same next epoch from both: weights, Adam's moments and its step count all came back.
        var next = model.Fit(x, y, batch_size: 16, epochs: 1, verbose: 0, shuffle: false);
        var resumed = loaded.Fit(x, y, batch_size: 16, epochs: 1, verbose: 0, shuffle: false);
        Assert.Equal(next.history["loss"], resumed.history["loss"]);
        AssertSameWeights(model, loaded);
    }

    [SkippableFact]
    public void An_adam_model_file_holds_keras_2_2_4s_own_optimizer_weights_so_it_keeps_its_state_there()
    {
        // Keras 2.2.4's Adam.get_updates makes self.weights = [iterations] + ms + vs + vhats (vhats zeros of shape (1,)
        // without amsgrad), and load_model hands the saved list to optimizer.set_weights, which refuses another count or
        // shape: a file without the vhats would start Keras on a fresh optimizer.
        var model = Mlp();
        model.Compile(new Keras.Optimizers.Adam(lr: 0.01), "categorical_crossentropy", new[] { "accuracy" });
        model.Fit(rand(8, 5), Keras.Utils.Util.ToCategorical(arange(8) % 3, 3), epochs: 1, verbose: 0);
        string path = Path.Combine(Folder(), "adam.h5");
        model.Save(path);
        var state = JsonDocument.Parse(Python("describe-model", path)).RootElement.GetProperty("optimizer_weights").EnumerateArray().ToList();
        var shapes = state.Select(s => s.GetProperty("shape").GetRawText().Replace(" ", "")).ToList();
        Assert.Equal(1 + 3 * 4, state.Count);
        Assert.Equal("int64", state[0].GetProperty("dtype").GetString());
        Assert.Equal(new[] { "[5,8]", "[8]", "[8,3]", "[3]", "[5,8]", "[8]", "[8,3]", "[3]", "[1]", "[1]", "[1]", "[1]" }, shapes.Skip(1));

        // And the file reads back with the moments in place.
        var loaded = BaseModel.LoadModel(path);
        var expected = model.Optimizer!.GetState(model.TrainableWeightList).ToList();
        var got = loaded.Optimizer!.GetState(loaded.TrainableWeightList).ToList();
        for (int i = 0; i < expected.Count; i++) Assert.True(expected[i].equal(got[i]).all().item<bool>(), $"state tensor {i} differs");
    }

    [SkippableFact]
    public void A_saved_model_reads_as_keras_2_2_load_model_reads_it()
    {
        var model = Mlp();
        model.Compile(new Keras.Optimizers.SGD(lr: 0.05, momentum: 0.9, nesterov: true), "categorical_crossentropy", new[] { "accuracy" });
        model.Fit(rand(8, 5), Keras.Utils.Util.ToCategorical(arange(8) % 3, 3), epochs: 1, verbose: 0);
        string path = Path.Combine(Folder(), "model.h5");
        model.Save(path);
        var file = JsonDocument.Parse(Python("describe-model", path)).RootElement;
        Assert.Equal("Sequential", file.GetProperty("model_config").GetProperty("class_name").GetString());
        Assert.Equal(model.Layers.Select(l => l.Name), file.GetProperty("layer_names").EnumerateArray().Select(e => e.GetString()));
        var training = file.GetProperty("training_config");
        Assert.Equal("SGD", training.GetProperty("optimizer_config").GetProperty("class_name").GetString());
        Assert.Equal(0.9, training.GetProperty("optimizer_config").GetProperty("config").GetProperty("momentum").GetDouble());
        Assert.Equal("categorical_crossentropy", training.GetProperty("loss").GetString());
        var state = file.GetProperty("optimizer_weights").EnumerateArray().ToList();
        Assert.Equal(1 + 4, state.Count); // iterations, then one moment per trainable weight
        Assert.Equal("int64", state[0].GetProperty("dtype").GetString());
        Assert.Equal(1, state[0].GetProperty("value").GetInt64());
        Assert.Equal("[[5,8],[8],[8,3],[3]]", "[" + string.Join(",", state.Skip(1).Select(s => s.GetProperty("shape").GetRawText().Replace(" ", ""))) + "]");
    }

    [SkippableTheory]
    [InlineData("rmsprop")]
    [InlineData("adadelta")]
    public void Rmsprop_and_adadelta_state_is_saved_without_iterations_as_keras_2_2_saves_it(string name)
    {
        var model = Mlp();
        Keras.Optimizers.Optimizer optimizer = name == "rmsprop" ? new Keras.Optimizers.RMSprop() : new Keras.Optimizers.Adadelta();
        model.Compile(optimizer, "categorical_crossentropy", new[] { "accuracy" });
        var (x, y) = (rand(8, 5), Keras.Utils.Util.ToCategorical(arange(8) % 3, 3));
        model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false);
        string path = Path.Combine(Folder(), "model.h5");
        model.Save(path);
        var state = JsonDocument.Parse(Python("describe-model", path)).RootElement.GetProperty("optimizer_weights").EnumerateArray().ToList();
        int perWeight = name == "rmsprop" ? 1 : 2; // accumulators (and Adadelta's delta accumulators), no iterations
        Assert.Equal(4 * perWeight, state.Count);
        Assert.All(state, s => Assert.Equal("float32", s.GetProperty("dtype").GetString()));
        Assert.Equal("[5,8]", state[0].GetProperty("shape").GetRawText().Replace(" ", ""));

        var loaded = BaseModel.LoadModel(path);
        Assert.IsType(optimizer.GetType(), loaded.Optimizer);
        Keras.Utils.Util.SetRandomSeed(4);
        var next = model.Fit(x, y, epochs: 1, verbose: 0, shuffle: false);
        Keras.Utils.Util.SetRandomSeed(4);
        var resumed = loaded.Fit(x, y, epochs: 1, verbose: 0, shuffle: false);
        Assert.Equal(next.history["loss"], resumed.history["loss"]);
        AssertSameWeights(model, loaded);
    }

    [SkippableFact]
    public void A_model_file_in_keras_2_2_layout_loads_compiled_with_its_optimizer_state()
    {
        string folder = Folder();
        var (specPath, arrays) = KerasWeights(folder, new[] { "dense_7", "dropout_3", "dense_8" });
        var random = new Random(9);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var moments = new[] { Values(40), Values(8), Values(24), Values(3) };
        var spec = JsonNode.Parse(File.ReadAllText(specPath))!.AsObject();
        spec["optimizer"] = new JsonObject
        {
            ["iterations"] = 12,
            ["weights"] = new JsonArray(
                new JsonArray(Enumerable.Range(0, 5).Select(r => (JsonNode?)new JsonArray(moments[0].Skip(r * 8).Take(8).Select(v => (JsonNode?)v).ToArray())).ToArray()),
                new JsonArray(moments[1].Select(v => (JsonNode?)v).ToArray()),
                new JsonArray(Enumerable.Range(0, 8).Select(r => (JsonNode?)new JsonArray(moments[2].Skip(r * 3).Take(3).Select(v => (JsonNode?)v).ToArray())).ToArray()),
                new JsonArray(moments[3].Select(v => (JsonNode?)v).ToArray())),
        };
        File.WriteAllText(specPath, spec.ToJsonString());
        string modelJson = Path.Combine(folder, "model.json");
        File.WriteAllText(modelJson, """
            {"class_name": "Sequential", "config": {"name": "sequential_4", "layers": [
              {"class_name": "Dense", "config": {"name": "dense_7", "trainable": true, "batch_input_shape": [null, 5], "dtype": "float32", "units": 8, "activation": "relu", "use_bias": true}},
              {"class_name": "Dropout", "config": {"name": "dropout_3", "trainable": true, "rate": 0.5, "noise_shape": null, "seed": null}},
              {"class_name": "Dense", "config": {"name": "dense_8", "trainable": true, "units": 3, "activation": "softmax", "use_bias": true}}]}}
            """);
        string trainingJson = Path.Combine(folder, "training.json");
        File.WriteAllText(trainingJson, """
            {"optimizer_config": {"class_name": "SGD", "config": {"lr": 0.05000000074505806, "momentum": 0.8999999761581421, "decay": 0.0, "nesterov": true}},
             "loss": "categorical_crossentropy", "metrics": ["accuracy"], "sample_weight_mode": null, "loss_weights": null}
            """);
        string path = Path.Combine(folder, "keras.h5");
        Python("write-model", path, specPath, modelJson, trainingJson);

        var model = Sequential.LoadModel(path);
        Assert.Equal("sequential_4", model.Name);
        var sgd = Assert.IsType<Keras.Optimizers.SGD>(model.Optimizer);
        Assert.Equal((0.05000000074505806, 0.8999999761581421, true, 12L), (sgd.Lr, sgd.Momentum, sgd.Nesterov, sgd.Iterations));
        var weights = model.GetWeights();
        for (int i = 0; i < arrays.Length; i++) Assert.Equal(arrays[i], weights[i].data<float>().ToArray());
        var state = sgd.GetState(model.TrainableWeightList).ToList();
        for (int i = 0; i < moments.Length; i++) Assert.Equal(moments[i], state[i].data<float>().ToArray());
    }

    [SkippableFact]
    public void A_tutorial_network_saved_as_a_model_splits_its_names_as_keras_does_and_loads_back()
    {
        var model = TutorialModels.FourConv(inputShape: (28, 28, 1));
        TutorialNetworks.Compile(model);
        string path = Path.Combine(Folder(), "conv4.h5");
        model.Save(path);
        // The model's JSON sets every string's length, so its 12 layer names exceed what one attribute holds.
        var file = JsonDocument.Parse(Python("describe-model", path)).RootElement;
        Assert.True(file.GetProperty("chunked_layer_names").GetBoolean());
        Assert.Equal(model.Layers.Select(l => l.Name), file.GetProperty("layer_names").EnumerateArray().Select(e => e.GetString()));
        var loaded = Sequential.LoadModel(path);
        Assert.Equal(model.CountParams(), loaded.CountParams());
        Assert.True(model.GetWeights()[0].allclose(loaded.GetWeights()[0], rtol: 0, atol: 0));
    }

    [Fact]
    public void Loading_a_weights_only_file_as_a_model_says_what_to_do_instead()
    {
        string path = Path.Combine(Folder(), "weights.h5");
        Mlp().SaveWeights(path);
        Assert.Contains("holds weights only", Assert.Throws<InvalidDataException>(() => Sequential.LoadModel(path)).Message);
        // As Keras 2's model.save, a whole model under another name is Keras 2's HDF5 all the same, and loads back.
        string other = Path.Combine(Folder(), "model.bin");
        var model = Mlp();
        model.Save(other);
        Assert.Equal(model.Layers.Select(l => l.Name), Keras.Models.BaseModel.LoadModel(other).Layers.Select(l => l.Name));
        string weights = Path.Combine(Folder(), "weights.bin");
        model.SaveWeights(weights);
        Assert.Contains("holds KerasSharp weights only", Assert.Throws<InvalidDataException>(() => Keras.Models.BaseModel.LoadModel(weights)).Message);
    }
}
