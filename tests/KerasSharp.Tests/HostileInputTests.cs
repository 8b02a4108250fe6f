using System.Text.RegularExpressions;
using Keras.Callbacks;
using Keras.Datasets;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using KerasSharp.Tutorial;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Hostile input, round two: model files and JSON that declare more than they hold (memory bombs), malformed configs,
/// files that are FIFOs, archives that lie about their sizes, a checkpoint of another run, a diverging run's files.
/// Each ends in one clear error naming what is wrong (or, for a diverging run, in correct files), never a stack trace;
/// the command-line cases run the tutorial's own binary in a child process whose peak resident memory is measured.
/// </summary>
public class HostileInputTests(HostileFiles files) : SessionScopedTest, IClassFixture<HostileFiles>
{
    private static readonly string TutorialBinary = Path.Combine(AppContext.BaseDirectory, "KerasSharp.Tutorial");

    /// <summary>The tutorial's predict command in a child process under GNU time: exit code, standard error, peak resident MiB.</summary>
    private static (int Code, string Error, double PeakMiB) Predict(string model, string picture)
    {
        string output = Directory.CreateTempSubdirectory("kerassharp-predict-").FullName;
        var (code, text) = ProcessRunner.Run("/usr/bin/time", new[] { "-f", "peak-kb %M", TutorialBinary, "predict", "--model", model, "--output", output, picture }, TimeSpan.FromMinutes(3));
        var peak = Regex.Match(text, @"peak-kb (\d+)");
        Assert.True(peak.Success, text);
        return (code, text, double.Parse(peak.Groups[1].Value) / 1024);
    }

    private static void AssertCleanRefusal((int Code, string Error, double PeakMiB) run, string message)
    {
        Assert.Equal(TutorialApp.Failed, run.Code);
        Assert.Contains("error: ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
        Assert.True(run.PeakMiB < 1536, $"peak resident memory {run.PeakMiB:F0} MiB");
    }

    [SkippableFact]
    public void Model_files_that_declare_more_than_they_hold_are_refused_before_anything_is_allocated()
    {
        // GNU time measures the child's peak memory.
        if (!File.Exists("/usr/bin/time")) Prerequisite.Missing("/usr/bin/time (GNU time) is missing.", "tests/run.sh installs it (apt-get install time).");
        AssertCleanRefusal(Predict(files["dense_bomb.h5"], files["picture.png"]),
            "layer 'dense_1' (Dense) would hold a kernel of shape (784, 5000000) (3,920,000,000 weights), more than the 6 weights the file holds in all");
        AssertCleanRefusal(Predict(files["long_config.h5"], files["picture.png"]),
            "bytes but holds 0 weights: more than they, their optimizer state and a model config (67,108,864 bytes at most) can fill. It is refused unread.");
        AssertCleanRefusal(Predict(files["huge_input.h5"], files["picture.png"]),
            "would make (None, 40000, 40000, 3), 4,800,000,000 values per sample");
        AssertCleanRefusal(Predict(files["zip_bomb.keras"], files["picture.png"]),
            "model.weights.h5 declares 4,294,967,280 bytes, more than the 8 weights of its config can take");
        string fifo = NonRegularFiles.Fifo(Path.Combine(Directory.CreateTempSubdirectory("kerassharp-fifo-").FullName, "photo.png"));
        string model = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-small-").FullName, "small.h5");
        new Sequential(new Layer[] { new Flatten(input_shape: (28, 28, 1)), new Dense(10, activation: "softmax") }).Save(model);
        AssertCleanRefusal(Predict(model, fifo), $"'{fifo}' is not a regular file (a FIFO (named pipe))");
    }

    [Fact]
    public void Model_json_over_the_caps_or_malformed_names_the_layer_and_the_field()
    {
        string Json(string layers) => "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + layers + "]}}";
        var bomb = Assert.Throws<InvalidDataException>(() => BaseModel.ModelFromJson(Json("""{"class_name": "Dense", "config": {"name": "big", "units": 50000000, "batch_input_shape": [null, 784]}}""")));
        Assert.Contains("layer 'big' (Dense) would hold a kernel of shape (784, 50000000) (39,200,000,000 weights), more than a model read from a config may hold (268,435,456 in all)", bomb.Message);
        var wide = Assert.Throws<InvalidDataException>(() => BaseModel.ModelFromJson(Json("""{"class_name": "Flatten", "config": {"name": "flat", "batch_input_shape": [null, 65536, 65537, 1]}}""")));
        Assert.Contains("would make (None, 65536, 65537, 1), 4,295,032,832 values per sample", wide.Message);

        Assert.Contains("has class_name 7, which is not a string", Assert.Throws<ArgumentException>(() => BaseModel.ModelFromJson(Json("""{"class_name": 7, "config": {}}"""))).Message);
        Assert.Contains("is not an object", Assert.Throws<ArgumentException>(() => BaseModel.ModelFromJson(Json("""[{"class_name": "Dense"}]"""))).Message);
        Assert.Contains("argument 'name', which KerasSharp cannot honour: 12 is not a string",
            Assert.Throws<ArgumentException>(() => BaseModel.ModelFromJson(Json("""{"class_name": "Dense", "config": {"name": 12, "units": 2, "batch_input_shape": [null, 3]}}"""))).Message);
        Assert.Contains("argument 'units', which KerasSharp cannot honour: \"two\" is not a integer",
            Assert.Throws<ArgumentException>(() => BaseModel.ModelFromJson(Json("""{"class_name": "Dense", "config": {"name": "d", "units": "two", "batch_input_shape": [null, 3]}}"""))).Message);

        // Built in code, a Flatten too wide for one axis, and a layer too large for memory, are clear errors too.
        Assert.Contains("more than one axis holds", Assert.Throws<ArgumentException>(() => new Flatten().Apply(new Input((65536, 65537, 1)))).Message);
        var huge = Assert.Throws<ArgumentException>(() => new Sequential(new Layer[] { new Conv2D(int.MaxValue, 3, input_shape: (8, 8, 3)) }));
        Assert.Contains("Layer 'conv2d_1' (Conv2D): its kernel of shape (3, 3, 3, 2147483647)", huge.Message);
        Assert.DoesNotContain("\n", huge.Message);
    }

    [SkippableFact]
    public void Dataset_files_that_lie_are_named_with_what_is_wrong()
    {
        string cache = Directory.CreateTempSubdirectory("kerassharp-cache-").FullName;
        var bomb = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(path: files["tar_bomb.tar.gz"], cache_dir: cache));
        Assert.Contains("entry 'cifar-10-batches-py/data_batch_1' makes the archive larger than a dataset can be (1,073,741,824 bytes", bomb.Message);
        Assert.Contains("refused before anything is unpacked", bomb.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cache, "datasets")));
        var twice = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(path: files["duplicate.tar.gz"], cache_dir: cache));
        Assert.Contains("holds two entries named 'cifar-10-batches-py/data_batch_1'", twice.Message);

        var label = Assert.Throws<InvalidDataException>(() => FashionMNIST.LoadData(path: files["fashion_label"]));
        Assert.Contains($"'{Path.Combine(files["fashion_label"], "train-labels-idx1-ubyte.gz")}' holds the label 200; this dataset's labels are 0 to 9", label.Message);
        var sizes = Assert.Throws<InvalidDataException>(() => FashionMNIST.LoadData(path: files["fashion_sizes"]));
        Assert.Contains($"'{Path.Combine(files["fashion_sizes"], "t10k-images-idx3-ubyte.gz")}' holds pictures of shape (32, 32); this dataset's are 28x28", sizes.Message);

        // A CIFAR batch that is a FIFO is refused at once instead of blocking the read forever.
        string folder = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-cifar-").FullName, "cifar-10-batches-py");
        Directory.CreateDirectory(folder);
        foreach (string batch in Enumerable.Range(1, 5).Select(i => $"data_batch_{i}").Append("test_batch")) NonRegularFiles.Fifo(Path.Combine(folder, batch));
        Assert.Contains("is not a regular file (a FIFO (named pipe))", NonRegularFiles.Refusal(() => Cifar10.LoadData(path: folder)).Message);
    }

    [Fact]
    public void A_checkpoint_of_a_longer_run_is_refused_and_kept()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-backup-").FullName;
        Sequential Model()
        {
            var model = new Sequential(new Layer[] { new Dense(1, input_shape: 1) });
            model.Compile(new Keras.Optimizers.SGD(lr: 0.01), "mse");
            return model;
        }
        // A run that finished 7 epochs of its 10 left its checkpoint behind.
        var longer = Model();
        var history = longer.Fit(ones(4, 1), ones(4, 1), epochs: 7, verbose: 0);
        string checkpoint = Path.Combine(folder, "checkpoint.ksckpt");
        Keras.Saving.CheckpointFile.Save(checkpoint, longer, epoch: 6, history);

        var refused = Assert.Throws<InvalidDataException>(() => Model().Fit(ones(4, 1), ones(4, 1), epochs: 5, verbose: 0, callbacks: new Callback[] { new BackupAndRestore(folder) }));
        Assert.Contains("records 7 epochs as done, but this run trains 5: it is another run's checkpoint. It was left as it is", refused.Message);
        Assert.True(File.Exists(checkpoint));
        var resumed = Model().Fit(ones(4, 1), ones(4, 1), epochs: 10, verbose: 0, callbacks: new Callback[] { new BackupAndRestore(folder) });
        Assert.Equal(Enumerable.Range(0, 10), resumed.epoch);
    }

    [SkippableFact]
    public void A_diverging_tutorial_run_stops_cleanly_and_writes_its_files_with_nan_as_python_does()
    {
        PythonEnvironment.Require("json", "math");
        DatasetFixtures.RequireFashionMnist();
        string output = Directory.CreateTempSubdirectory("kerassharp-nan-").FullName;
        var (code, text) = Tutorial.TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "300", "--epochs", "2", "--model", "4", "--lr", "1e30", "--step", "5", "--output", output);
        Assert.True(code == TutorialApp.Ok, text);
        Assert.Contains("Invalid loss (nan), terminating training", text);
        string json = File.ReadAllText(Path.Combine(output, "conv4_history.json"));
        Assert.Contains("NaN", json);
        var history = (System.Text.Json.Nodes.JsonObject)PythonJson.Parse(json)!;
        Assert.True(double.IsNaN(PythonJson.ToDouble(history["history"]!["loss"]![0])));
        Assert.True(File.Exists(Path.Combine(output, "conv4.h5")));
        Assert.True(File.Exists(Path.Combine(output, "conv4.weights")));
        // Python's own json module reads it back, as it reads Keras's.
        var (pythonCode, loaded) = PythonEnvironment.Run("-c", $"import json, math; h = json.load(open('{Path.Combine(output, "conv4_history.json")}')); print(math.isnan(h['history']['loss'][0]))");
        Assert.True(pythonCode == 0 && loaded.Trim() == "True", loaded);
    }

    [Fact]
    public void Downloads_stop_at_600_mib_unless_told_otherwise()
    {
        using var server = new LocalHttpServer();
        server.Handle("huge.bin", response =>
        {
            response.ContentLength64 = 700L << 20;
            response.OutputStream.Close();
            return Task.CompletedTask;
        });
        string cache = Directory.CreateTempSubdirectory("kerassharp-download-").FullName;
        var refused = Assert.Throws<DownloadException>(() => DataUtils.GetFile("huge.bin", server.Url("huge.bin"), cache_dir: cache, retries: 0));
        Assert.Contains($"it announces {700L << 20} bytes, more than the {DataUtils.DefaultMaxBytes} this file can have", refused.Message);
    }
}
