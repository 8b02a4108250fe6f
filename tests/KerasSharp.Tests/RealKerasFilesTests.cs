using Keras.Datasets;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Real Keras files from public repositories (standalone Keras 2.0.6-2.3.1, tf.keras 2.2.4-tf-2.14, Keras 3.5-3.14)
/// load as Keras loads them and predict what an independent NumPy forward pass of Keras's definitions predicts.
/// </summary>
public class RealKerasFilesTests
{
    /// <summary>Each folder's model: a whole-model file, or a weights file with the architecture's JSON.</summary>
    public static TheoryData<string, string, string?> Supported => new()
    {
        { "k2.0.6_srinjay_weights", "mnist_weights.h5", "model.json" },
        { "k2.0.9_hackb_weights", "model_weights.h5", "model_from_yaml.json" },
        { "k2.1.5_andrew_functional", "bestModel.hdf5", null },
        { "k2.10.0_kilneta", "mnist_cnn.h5", null },
        { "k2.11.0_hepatel", "model.h5", null },
        { "k2.14.0_mlmnist", "mnist_cnn.h5", null },
        { "k2.2.0_jason_weights", "weight.h5", "model.json" },
        { "k2.2.4-tf_mpkuse", "mnist_cnn.h5", null },
        { "k2.2.4_remo", "model.h5", null },
        { "k2.2.4_sage_cifar", "keras_cifar10_trained_model.h5", null },
        { "k2.3.1_ikukang", "mnist_cnn.h5", null },
        { "k2.4.0_muhtashim", "fashion_mnist_model.h5", null },
        { "k2.8.0_denisko_weights", "cifar10_model.weights_only.h5", "cifar10_model.json" },
        { "k3.10.0_aman_keras", "model.keras", null },
        { "k3.11.1_kansagara_h5", "cifar10_model.h5", null },
        { "k3.14.0_shreyansh_keras", "model.keras", null },
        { "k3.14.0_shreyansh_weights", "model.weights.h5", "config_from_model.keras.json" },
        { "k3.5.0_vivek_keras", "mnist_cnn.keras", null },
        { "k3.9.2_sidd_keras", "cifar10_model.keras", null },
    };

    internal static BaseModel Load(string folder, string file, string? json)
    {
        string path = Path.Combine(folder, file);
        if (json is null) return BaseModel.LoadModel(path);
        var model = BaseModel.ModelFromJson(File.ReadAllText(Path.Combine(folder, json)));
        model.LoadWeights(path);
        return model;
    }

    private static Tensor Npy(string path)
    {
        using var stream = File.OpenRead(path);
        return NpyReader.Load(stream, path, stream.Length);
    }

    [SkippableTheory]
    [MemberData(nameof(Supported))]
    public void A_real_file_loads_and_predicts_what_keras_computes(string name, string file, string? json)
    {
        string folder = RealKerasFiles.Folder(name);
        var model = Load(folder, file, json);
        // Every folder has input.npy; only models trained on raw 0..255 pixels also have input_x255.npy (the files' README).
        Assert.True(File.Exists(Path.Combine(folder, "input.npy")), $"{name}: input.npy is missing, so nothing would be compared");
        foreach (string suffix in new[] { "", "_x255" })
        {
            string input = Path.Combine(folder, $"input{suffix}.npy");
            if (!File.Exists(input)) continue;
            using var x = Npy(input).to(ScalarType.Float32);
            using var expected = Npy(Path.Combine(folder, $"output{suffix}.npy")).to(ScalarType.Float32);
            using var predicted = model.Predict(x);
            Assert.Equal(expected.shape, predicted.shape);
            double difference = (predicted - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-4, $"{name}{suffix}: largest difference {difference}");
        }
    }

    /// <summary>Whole-model files whose optimizer state Keras would restore, with the step count each one holds.</summary>
    public static TheoryData<string, string, string, long> Compiled => new()
    {
        { "k2.1.5_andrew_functional", "bestModel.hdf5", "Adam", 1224 },         // Keras 2.1: iterations, m, v, vhat (1,)
        { "k2.2.4_remo", "model.h5", "Adam", 18750 },
        { "k2.2.4_sage_cifar", "keras_cifar10_trained_model.h5", "RMSprop", 0 }, // Keras 2.2: no iterations for RMSprop
        { "k2.2.4-tf_mpkuse", "mnist_cnn.h5", "RMSprop", 4690 },               // tf.keras 1.x: iter, then kind by kind
        { "k2.4.0_muhtashim", "fashion_mnist_model.h5", "Adam", 4700 },
        { "k2.14.0_mlmnist", "mnist_cnn.h5", "Adam", 4690 },                    // Keras 2.11+: iteration, then weight by weight
        { "k3.11.1_kansagara_h5", "cifar10_model.h5", "Adam", 15630 },          // Keras 3's legacy h5: iteration, learning rate, weight by weight
        { "k3.9.2_sidd_keras", "cifar10_model.keras", "Adam", 15640 },
    };

    [SkippableTheory]
    [MemberData(nameof(Compiled))]
    public void A_real_files_optimizer_state_is_restored_in_its_versions_layout(string name, string file, string optimizer, long iterations)
    {
        string folder = RealKerasFiles.Folder(name);
        var warnings = new StringWriter();
        using (Keras.Session.Scope(seed: 1, warnings: warnings))
        {
            var model = BaseModel.LoadModel(Path.Combine(folder, file));
            Assert.Equal(optimizer, model.Optimizer!.GetType().Name);
            Assert.Equal(iterations, model.Optimizer.Iterations);
            Assert.Equal("", warnings.ToString());
            // A trained optimizer's moments are not all zero: the state came from the file, not a fresh start.
            var state = model.Optimizer.GetState(model.TrainableWeightList).ToList();
            Assert.Contains(state, t => t.abs().sum().item<float>() > 0);
            var fresh = BaseModel.LoadModel(Path.Combine(folder, file), compile: false);
            Assert.Null(fresh.Optimizer);
        }
    }

    [SkippableFact]
    public void Files_with_what_kerassharp_lacks_are_refused_naming_it()
    {
        var cases = new (string Folder, Func<string, object> Load, string Message)[]
        {
            ("u_k2.1.2_aimining_chfirst", f => BaseModel.ModelFromJson(File.ReadAllText(Path.Combine(f, "model_struct.json"))), "data_format \"channels_first\" is not supported"),
        };
        foreach (var (name, load, message) in cases)
        {
            string folder = RealKerasFiles.Folder(name);
            var error = Assert.ThrowsAny<Exception>(() => load(folder));
            Assert.True(error is ArgumentException or InvalidDataException, $"{name}: {error.GetType().Name}");
            Assert.Contains(message, error.Message);
        }
    }

    [SkippableFact]
    public void A_two_input_two_output_functional_file_with_a_shared_layer_predicts_what_tensorflow_js_predicts()
    {
        // Keras 2.2.0: Input(784) -> Dense 64 -> Dense 784 -> dense_3 (softmax); that tensor and a second Input go through
        // one Dense 'share' (two calls, one set of weights), Concatenate, dense_4 (sigmoid). Adadelta, loss weights [1, 0.2].
        string folder = RealKerasFiles.Folder("u_k2.2.0_jason_functional");
        var model = BaseModel.LoadModel(Path.Combine(folder, "model_save.h5"));
        Assert.IsType<Model>(model);
        Assert.Equal(new[] { "input_3", "dense_1", "dense_2", "aux_input", "share", "concatenate_1", "dense_3", "dense_4" }, model.Layers.Select(l => l.Name));
        Assert.Equal(2, model.Layers.Single(l => l.Name == "share").InboundNodes.Count);
        Assert.Equal(new[] { 1.0, 0.2 }, model.LossWeights);
        Assert.Equal(new[] { "loss", "dense_3_loss", "dense_4_loss", "dense_3_mean_squared_error", "dense_3_binary_crossentropy", "dense_4_mean_squared_error", "dense_4_binary_crossentropy" },
            model.MetricsNames);
        var outputs = model.PredictAll(new[] { Npy(Path.Combine(folder, "input_0.npy")), Npy(Path.Combine(folder, "input_1.npy")) });
        for (int i = 0; i < 2; i++)
        {
            using var expected = Npy(Path.Combine(folder, $"output_{i}_tfjs.npy"));
            double difference = (outputs[i] - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-4, $"output {i}: largest difference {difference}");
        }
    }

    [SkippableFact]
    public void A_keras_2_3_lstm_predicts_what_tensorflow_js_predicts_and_continues_training()
    {
        // Keras 2.3.1: LSTM(50) over (1, 56) sequences, then Dense(1); Adam, loss mae. Keras 2.3's LSTM file names its
        // gates' activation (hard_sigmoid here would be Keras 2.2's default; the file says which).
        string folder = RealKerasFiles.Folder("u_k2.3.1_lstmmulti");
        var model = BaseModel.LoadModel(Path.Combine(folder, "model.h5"));
        var lstm = Assert.IsType<LSTM>(model.Layers.OfType<LSTM>().Single());
        Assert.Equal(50, lstm.Units);
        var predicted = model.Predict(Npy(Path.Combine(folder, "input.npy")));
        using var expected = Npy(Path.Combine(folder, "output_tfjs.npy"));
        double difference = (predicted - expected.reshape(predicted.shape)).abs().max().item<float>();
        Assert.True(difference <= 1e-4, $"largest difference from TensorFlow.js {difference}");
        Assert.Equal("mean_absolute_error", model.Loss!.Name);
        var x = Npy(Path.Combine(folder, "input.npy"));
        var history = model.Fit(x, predicted * 1.1, epochs: 2, verbose: 0);
        Assert.True(double.IsFinite(history.HistoryLogs["loss"][^1]));
    }

    [SkippableFact]
    public void A_keras_2_2_seq2seq_with_embeddings_initial_states_and_time_distributed_runs_as_tensorflow_js_runs_it()
    {
        // Keras 2.2.4: two Inputs (85 and 45 indices), an Embedding each, an LSTM encoder whose output is the decoder
        // LSTM's initial h and c, a TimeDistributed Dense softmax over 89 classes. No expected outputs were published, so
        // TensorFlow.js runs the same weights, through KerasSharp's export.
        string folder = RealKerasFiles.Folder("u_k2.2.4_katakana");
        var model = BaseModel.LoadModel(Path.Combine(folder, "model.h5"));
        Assert.Equal(3, model.Layers.Single(l => l.Name == "lstm_2").InboundNodes[0].Inputs.Count);
        Assert.IsType<TimeDistributed>(model.Layers[^1]);
        using var generator = new TorchSharp.torch.Generator(31);
        var inputs = new[] { TorchSharp.torch.randint(54, new long[] { 2, 85 }, generator: generator).to_type(TorchSharp.torch.ScalarType.Float32),
            TorchSharp.torch.randint(89, new long[] { 2, 45 }, generator: generator).to_type(TorchSharp.torch.ScalarType.Float32) };
        var ours = model.Predict(inputs);
        Assert.Equal(new long[] { 2, 45, 89 }, ours.shape);
        var theirs = TensorflowJsReference.Run(new TensorflowJsReference.Job("katakana", model, inputs))["katakana"].Tensors[0].Value;
        Assert.True(TensorflowJsReference.Difference(theirs, ours) < 1e-5, $"differs from TensorFlow.js by {TensorflowJsReference.Difference(theirs, ours):G3}");
    }
}
