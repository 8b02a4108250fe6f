using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using static KerasSharp.Tests.KerasFileFixtures;

using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras 3's files both ways, checked with Debian's h5py and NumPy (python-env/keras3_files.py): a .keras archive
/// and a .weights.h5 file that KerasSharp writes have Keras 3's entries, config and HDF5 layout, and give Predict's
/// outputs in a NumPy forward pass; files written in Keras 3's layout load exactly, compiled, with their optimizer
/// state; a saved model trains on as the original does; damaged archives are refused with their name.
/// </summary>
public class Keras3FileTests : SessionScopedTest
{
    private static string Folder() => KerasFileFixtures.Folder("kerassharp-k3-");

    private static string Python(params string[] args) => KerasFileFixtures.Python("keras3_files.py", args);

    private static Sequential Trained(Optimizer optimizer)
    {
        Keras.Utils.Util.SetRandomSeed(21);
        var model = Mlp();
        model.Compile(optimizer, "categorical_crossentropy", new[] { "accuracy" });
        model.Fit(rand(8, 5), Keras.Utils.Util.ToCategorical(arange(8) % 3, 3), batch_size: 4, epochs: 1, verbose: 0, shuffle: false);
        return model;
    }

    [SkippableFact]
    public void A_keras_archive_has_keras_3s_entries_config_and_layout_and_predicts_the_same_in_numpy()
    {
        string folder = Folder();
        var model = Trained(new SGD(lr: 0.05, momentum: 0.9, decay: 1e-3, nesterov: true));
        string path = Path.Combine(folder, "mlp.keras");
        model.Save(path);

        var file = JsonDocument.Parse(Python("describe", path)).RootElement;
        Assert.Equal(new[] { "metadata.json", "config.json", "model.weights.h5" }, file.GetProperty("entries").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("3.", file.GetProperty("metadata").GetProperty("keras_version").GetString());
        var config = file.GetProperty("config");
        Assert.Equal(("keras", "Sequential"), (config.GetProperty("module").GetString(), config.GetProperty("class_name").GetString()));
        var layers = config.GetProperty("config").GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(new[] { "InputLayer", "Dense", "Dropout", "Dense" }, layers.Select(l => l.GetProperty("class_name").GetString()));
        Assert.Equal("[null,5]", layers[0].GetProperty("config").GetProperty("batch_shape").GetRawText().Replace(" ", ""));
        Assert.All(layers, l => Assert.Equal("keras.layers", l.GetProperty("module").GetString()));
        Assert.Equal("keras.initializers", layers[1].GetProperty("config").GetProperty("kernel_initializer").GetProperty("module").GetString());
        var optimizer = config.GetProperty("compile_config").GetProperty("optimizer");
        Assert.Equal("SGD", optimizer.GetProperty("class_name").GetString());
        var schedule = optimizer.GetProperty("config").GetProperty("learning_rate");
        Assert.Equal("InverseTimeDecay", schedule.GetProperty("class_name").GetString()); // Keras 2's decay, as Keras 3 has it
        Assert.Equal((0.05, 1e-3, 1), (schedule.GetProperty("config").GetProperty("initial_learning_rate").GetDouble(),
            schedule.GetProperty("config").GetProperty("decay_rate").GetDouble(), schedule.GetProperty("config").GetProperty("decay_steps").GetInt32()));

        var h5 = file.GetProperty("h5");
        Assert.Empty(file.GetProperty("root_attrs").EnumerateArray());
        Assert.Equal("[5,8]", h5.GetProperty("layers/dense/vars/0").GetProperty("shape").GetRawText().Replace(" ", ""));
        Assert.Equal("[3]", h5.GetProperty("layers/dense_1/vars/1").GetProperty("shape").GetRawText().Replace(" ", ""));
        Assert.True(h5.GetProperty("layers/dropout/vars").GetProperty("group").GetBoolean());
        Assert.True(h5.GetProperty("vars").GetProperty("group").GetBoolean());
        Assert.Equal(("int64", 2L), (h5.GetProperty("optimizer/vars/0").GetProperty("dtype").GetString(), h5.GetProperty("optimizer/vars/0").GetProperty("value").GetInt64()));
        // With a schedule there is no learning-rate variable: iterations, then one momentum per weight.
        Assert.Equal(new[] { "[]", "[5,8]", "[8]", "[8,3]", "[3]" },
            Enumerable.Range(0, 5).Select(i => h5.GetProperty($"optimizer/vars/{i}").GetProperty("shape").GetRawText().Replace(" ", "")));
        Assert.False(h5.TryGetProperty("optimizer/vars/5", out _));

        using var x = rand(6, 5);
        string input = KerasFileFixtures.InputJson(folder, x);
        var numpy = JsonSerializer.Deserialize<double[][]>(Python("forward", path, input))!;
        using var predicted = model.Predict(x);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 3; j++)
                Assert.InRange(Math.Abs(numpy[i][j] - predicted[i, j].item<float>()), 0, 1e-5);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void A_saved_keras_archive_loads_compiled_and_trains_on_as_the_original_would(string kind)
    {
        Optimizer optimizer = kind == "sgd" ? new SGD(lr: 0.05, momentum: 0.9, nesterov: true) : new Adam(lr: 0.01, decay: 1e-3);
        var model = Trained(optimizer);
        string path = Path.Combine(Folder(), "model.keras");
        model.Save(path);

        var loaded = BaseModel.LoadModel(path);
        Assert.Equal(optimizer.GetType(), loaded.Optimizer!.GetType());
        Assert.Equal((optimizer.Lr, optimizer.Decay, optimizer.Iterations), (loaded.Optimizer.Lr, loaded.Optimizer.Decay, loaded.Optimizer.Iterations));
        Assert.Equal("categorical_crossentropy", loaded.Loss!.Name);
        AssertSameWeights(model, loaded);

        // The same next epoch from both: the weights, the optimizer's state (weight by weight, as Keras 3 orders it)
        // and its step count all came back.
        var (x, y) = (rand(8, 5), Keras.Utils.Util.ToCategorical(arange(8) % 3, 3));
        Keras.Utils.Util.SetRandomSeed(3);
        var next = model.Fit(x, y, batch_size: 4, epochs: 1, verbose: 0, shuffle: false);
        Keras.Utils.Util.SetRandomSeed(3);
        var resumed = loaded.Fit(x, y, batch_size: 4, epochs: 1, verbose: 0, shuffle: false);
        Assert.Equal(next.history["loss"], resumed.history["loss"]);
        AssertSameWeights(model, loaded);
    }

    [SkippableFact]
    public void Adams_state_is_saved_weight_by_weight_after_iterations_and_learning_rate_as_keras_3_builds_it()
    {
        var model = Trained(new Adam(lr: 0.01));
        string path = Path.Combine(Folder(), "adam.keras");
        model.Save(path);
        var h5 = JsonDocument.Parse(Python("describe", path)).RootElement.GetProperty("h5");
        Assert.Equal(("int64", 2L), (h5.GetProperty("optimizer/vars/0").GetProperty("dtype").GetString(), h5.GetProperty("optimizer/vars/0").GetProperty("value").GetInt64()));
        Assert.Equal(0.01, h5.GetProperty("optimizer/vars/1").GetProperty("value").GetDouble(), 6);
        Assert.Equal(new[] { "[5,8]", "[5,8]", "[8]", "[8]", "[8,3]", "[8,3]", "[3]", "[3]" }, // m, v for each weight in turn
            Enumerable.Range(2, 8).Select(i => h5.GetProperty($"optimizer/vars/{i}").GetProperty("shape").GetRawText().Replace(" ", "")));
        Assert.False(h5.TryGetProperty("optimizer/vars/10", out _));
    }

    /// <summary>Weights for <see cref="Mlp"/> and an SGD state, as a spec for the Python writer.</summary>
    private static (JsonObject Spec, float[][] Arrays) Spec(int seed)
    {
        var random = new Random(seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        JsonNode Matrix(float[] v, int cols) => new JsonArray(Enumerable.Range(0, v.Length / cols).Select(r => (JsonNode?)new JsonArray(v.Skip(r * cols).Take(cols).Select(f => (JsonNode?)f).ToArray())).ToArray());
        JsonNode Vector(float[] v) => new JsonArray(v.Select(f => (JsonNode?)f).ToArray());
        var arrays = new[] { Values(40), Values(8), Values(24), Values(3), Values(40), Values(8), Values(24), Values(3) };
        var spec = new JsonObject
        {
            ["layers"] = new JsonObject
            {
                ["dense"] = new JsonArray(Matrix(arrays[0], 8), Vector(arrays[1])),
                ["dropout"] = new JsonArray(),
                ["dense_1"] = new JsonArray(Matrix(arrays[2], 3), Vector(arrays[3])),
            },
            ["optimizer"] = new JsonArray(7, 0.05, Matrix(arrays[4], 8), Vector(arrays[5]), Matrix(arrays[6], 3), Vector(arrays[7])),
        };
        return (spec, arrays);
    }

    /// <summary>config.json as Keras 3.3 writes it for this model: DTypePolicy objects, build configs, every argument.</summary>
    private const string Keras33Config = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "layers": [
            {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "units": 8, "activation": "relu", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "lora_rank": null},
              "registered_name": null, "build_config": {"input_shape": [null, 5]}},
            {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "rate": 0.5, "seed": null, "noise_shape": null}, "registered_name": null, "build_config": {"input_shape": [null, 8]}},
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
              "units": 3, "activation": "softmax", "use_bias": true,
              "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
              "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
              "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "lora_rank": null},
              "registered_name": null, "build_config": {"input_shape": [null, 8]}}],
          "build_input_shape": [null, 5]},
         "registered_name": null, "build_config": {"input_shape": [null, 5]},
         "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05,
             "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
             "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null, "momentum": 0.9, "nesterov": true},
             "registered_name": null},
           "loss": "categorical_crossentropy", "loss_weights": null, "metrics": ["accuracy"], "weighted_metrics": null,
           "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}
        """;

    [SkippableFact]
    public void An_archive_in_keras_3_3s_form_loads_compiled_with_its_optimizer_state()
    {
        string folder = Folder();
        var (spec, arrays) = Spec(4);
        string specPath = Path.Combine(folder, "spec.json"), configPath = Path.Combine(folder, "config.json"), path = Path.Combine(folder, "keras.keras");
        File.WriteAllText(specPath, spec.ToJsonString());
        File.WriteAllText(configPath, Keras33Config);
        Python("write", path, specPath, configPath);

        var model = BaseModel.LoadModel(path);
        Assert.Equal(new[] { "dense", "dropout", "dense_1" }, model.Layers.Select(l => l.Name));
        var sgd = Assert.IsType<SGD>(model.Optimizer);
        Assert.Equal((0.05, 0.9, true, 0.0, 7L), (sgd.Lr, sgd.Momentum, sgd.Nesterov, sgd.Decay, sgd.Iterations));
        var weights = model.GetWeights();
        for (int i = 0; i < 4; i++) Assert.Equal(arrays[i], weights[i].data<float>().ToArray());
        var state = sgd.GetState(model.TrainableWeightList).ToList();
        for (int i = 0; i < 4; i++) Assert.Equal(arrays[4 + i], state[i].data<float>().ToArray());
    }

    [SkippableFact]
    public void Weights_files_go_both_ways_in_keras_3s_layout_named_by_class_not_by_layer_name()
    {
        string folder = Folder();
        var (spec, arrays) = Spec(6);
        spec.Remove("optimizer");
        string specPath = Path.Combine(folder, "spec.json"), path = Path.Combine(folder, "mlp.weights.h5");
        File.WriteAllText(specPath, spec.ToJsonString());
        Python("write", path, specPath);
        var model = Mlp(); // its layers are named dense_N, dropout_N: Keras 3's file does not care
        model.LoadWeights(path);
        var weights = model.GetWeights();
        for (int i = 0; i < 4; i++) Assert.Equal(arrays[i], weights[i].data<float>().ToArray());

        var net = TutorialModels.FourConv();
        string written = Path.Combine(folder, "conv4.weights.h5");
        net.SaveWeights(written);
        var h5 = JsonDocument.Parse(Python("describe", written)).RootElement.GetProperty("h5");
        var groups = h5.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("layers/", StringComparison.Ordinal) && n.Count(c => c == '/') == 1).ToList();
        Assert.Equal(net.Layers.Count, groups.Count);
        Assert.Equal(net.Layers.Count(l => l is Conv2D), groups.Count(g => g.StartsWith("layers/conv2d", StringComparison.Ordinal)));
        Assert.Contains("layers/conv2d_3", groups);
        Assert.Contains("layers/max_pooling2d_1", groups);
        Assert.Contains("layers/dense_1", groups);
        Assert.Equal("[3,3,3,32]", h5.GetProperty("layers/conv2d/vars/0").GetProperty("shape").GetRawText().Replace(" ", ""));
        Assert.False(h5.TryGetProperty("optimizer", out _)); // not compiled: no optimizer state

        var copy = TutorialModels.FourConv();
        copy.LoadWeights(written);
        AssertSameWeights(net, copy);
        var renamed = Path.Combine(folder, "conv4-keras3.h5"); // the content decides the layout, not the name
        File.Copy(written, renamed);
        var again = TutorialModels.FourConv();
        again.LoadWeights(renamed);
        AssertSameWeights(net, again);
        Assert.Contains("without by_name", Assert.Throws<InvalidDataException>(() => again.LoadWeights(renamed, by_name: true)).Message);
    }

    [Fact]
    public void Both_tutorial_networks_round_trip_through_keras_archives_with_their_constraints()
    {
        foreach (var net in new[] { TutorialModels.FourConv(), TutorialModels.SixConv() })
        {
            string path = Path.Combine(Folder(), "net.keras");
            net.Save(path);
            var loaded = BaseModel.LoadModel(path);
            Assert.Equal(net.ToJson(), loaded.ToJson().Replace($"\"name\":\"{loaded.Name}\"", $"\"name\":\"{net.Name}\""));
            AssertSameWeights(net, loaded);
        }
    }

    [Fact]
    public void Damaged_or_foreign_archives_are_refused_with_their_name_and_leave_the_model_untouched()
    {
        string folder = Folder();
        var model = Trained(new SGD(lr: 0.05, momentum: 0.9));
        string good = Path.Combine(folder, "good.keras");
        model.Save(good);
        var target = Mlp();
        var before = target.GetWeights()[0];

        InvalidDataException Refused(string path, Action load)
        {
            var e = Assert.Throws<InvalidDataException>(load);
            Assert.Contains(path, e.Message);
            Assert.True(before.allclose(target.GetWeights()[0], rtol: 0, atol: 0));
            return e;
        }
        string Variant(string name, Action<ZipArchive> change)
        {
            string path = Path.Combine(folder, name);
            File.Copy(good, path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update)) change(zip);
            return path;
        }
        void Replace(ZipArchive zip, string entry, string text)
        {
            zip.GetEntry(entry)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write(text);
        }

        string text = Path.Combine(folder, "text.keras");
        File.WriteAllText(text, "not a zip");
        Assert.Contains("is not a .keras archive", Refused(text, () => BaseModel.LoadModel(text)).Message);

        string truncated = Path.Combine(folder, "truncated.keras");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..(int)(new FileInfo(good).Length / 2)]);
        Refused(truncated, () => target.LoadWeights(truncated));

        string noConfig = Variant("noconfig.keras", zip => zip.GetEntry("config.json")!.Delete());
        Assert.Contains("has no config.json", Refused(noConfig, () => BaseModel.LoadModel(noConfig)).Message);

        string notJson = Variant("notjson.keras", zip => Replace(zip, "config.json", Keras33Config[..100]));
        Assert.Contains("config.json is not valid JSON", Refused(notJson, () => BaseModel.LoadModel(notJson)).Message);

        string noWeights = Variant("noweights.keras", zip => zip.GetEntry("model.weights.h5")!.Delete());
        Assert.Contains("has no model.weights.h5", Refused(noWeights, () => target.LoadWeights(noWeights)).Message);

        string lstm = Variant("lstm.keras", zip => Replace(zip, "config.json", Keras33Config.Replace("\"class_name\": \"Dropout\"", "\"class_name\": \"LSTM\"")));
        Assert.Contains("LSTM", Refused(lstm, () => BaseModel.LoadModel(lstm)).Message);

        string clipped = Variant("clipnorm.keras", zip => Replace(zip, "config.json", Keras33Config.Replace("\"clipnorm\": null", "\"clipnorm\": 1.0")));
        Assert.Contains("clipnorm is not supported", Refused(clipped, () => BaseModel.LoadModel(clipped)).Message);

        var wider = new Sequential();
        wider.Add(new Dense(9, activation: "relu", input_shape: 5));
        wider.Add(new Dropout(0.5));
        wider.Add(new Dense(3, activation: "softmax"));
        string other = Path.Combine(folder, "wider.keras");
        wider.Save(other);
        Assert.Contains("has shape (5, 9), but the model expects (5, 8)", Refused(other, () => target.LoadWeights(other)).Message);

        var deeper = new Sequential();
        deeper.Add(new Dense(8, input_shape: 5));
        deeper.Add(new Dense(8));
        deeper.Add(new Dense(3));
        string deeperPath = Path.Combine(folder, "deeper.weights.h5");
        deeper.SaveWeights(deeperPath);
        Assert.Contains("different architecture", Refused(deeperPath, () => target.LoadWeights(deeperPath)).Message);

        Assert.Contains("holds Keras 3 weights only", Assert.Throws<InvalidDataException>(() => BaseModel.LoadModel(deeperPath)).Message);
        Assert.Contains("call Save", Assert.Throws<ArgumentException>(() => target.SaveWeights(Path.Combine(folder, "w.keras"))).Message);
        Assert.Contains("call SaveWeights", Assert.Throws<ArgumentException>(() => target.Save(Path.Combine(folder, "m.weights.h5"))).Message);
    }
}
