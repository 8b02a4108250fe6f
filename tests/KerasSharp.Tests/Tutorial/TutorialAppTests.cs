using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keras.Datasets;
using KerasSharp.Tutorial;

namespace KerasSharp.Tests.Tutorial;

/// <summary>The tutorial console app end to end. It seeds libtorch's shared generator, so these run alone.</summary>
[Collection(ProcessStateCollection.Name)]
public class TutorialAppTests
{
    /// <summary>A .NET stack trace has lines such as "at Keras.Models.Sequential.Fit(": users must never see one.</summary>
    private static void AssertNoStackTrace(string text) => Assert.DoesNotMatch(new Regex(@"\bat [\w.]+\("), text);

    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-tutorial-{name}-").FullName;

    private static readonly string[] ExpectedFiles =
    {
        "samples.png", "report.html",
        "conv4.weights", "conv4.h5", "conv4_tfjs/model.json", "conv4.onnx", "conv4_history.csv", "conv4_history.json", "conv4_accuracy.png", "conv4_loss.png", "conv4_confusion.png",
        "conv6.weights", "conv6.h5", "conv6_tfjs/model.json", "conv6.onnx", "conv6_history.csv", "conv6_history.json", "conv6_accuracy.png", "conv6_loss.png", "conv6_confusion.png",
        "comparison_accuracy.png", "comparison_time.png",
    };

    [SkippableFact]
    public void A_short_fashion_mnist_run_of_both_networks_produces_every_output()
    {
        DatasetFixtures.RequireFashionMnist();
        string output = Folder("e2e");
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "300", "--epochs", "1", "--output", output, "--data-dir", Folder("nodata"));
        Assert.True(code == 0, text);
        foreach (string file in ExpectedFiles) Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing");

        Assert.Contains("Total params: 889,834", text); // the 4-conv network on 28x28x1 input
        Assert.Contains("           OPERATION           DATA DIMENSIONS   WEIGHTS(N)   WEIGHTS(%)", text);
        Assert.Matches(@"300/300 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: ", text);
        Assert.Matches(@"4-conv Accuracy: \d+\.\d\d%", text);
        Assert.Contains("weighted avg", text);
        Assert.Contains("row sums: [", text);

        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        foreach (string png in ExpectedFiles.Where(f => f.EndsWith(".png")))
            Assert.Contains($"data-file=\"{png}\"", html);
        Assert.DoesNotContain("src=\"file:", html);
        Assert.Contains("Step 8", html);
        var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "conv6_history.json"))).RootElement;
        Assert.Equal(1, history.GetProperty("history").GetProperty("val_acc").GetArrayLength());
    }

    [Fact]
    public void Augment_trains_on_augmented_batches_counting_steps_and_records_it()
    {
        string output = Folder("augment");
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "320", "--epochs", "2", "--model", "4", "--step", "5", "--augment",
            "--output", output, "--data-dir", Folder("nodata"));
        Assert.True(code == 0, text);
        Assert.Matches(@"10/10 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: ", text); // 320 images in batches of 32: 10 steps
        var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "conv4_history.json"))).RootElement.GetProperty("run");
        Assert.True(run.GetProperty("augment").GetBoolean());
        Assert.Equal(2, JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "conv4_history.json"))).RootElement.GetProperty("history").GetProperty("val_acc").GetArrayLength());
    }

    [SkippableFact]
    public void Cifar10_is_read_from_a_keras_home_cache()
    {
        string home = Folder("home");
        Directory.CreateDirectory(Path.Combine(home, "datasets"));
        File.Copy(DatasetFixtures.File("cifar-10-python.tar.gz"), Path.Combine(home, "datasets", Cifar10.CacheArchive));
        Environment.SetEnvironmentVariable("KERAS_HOME", home);
        try
        {
            string output = Folder("cifar");
            var (code, text) = TutorialRunner.Run("--dataset", "cifar10", "--limit", "10", "--epochs", "1", "--model", "4", "--output", output, "--data-dir", Folder("nodata"));
            Assert.True(code == 0, text);
            Assert.Contains("x_train shape: (10, 32, 32, 3)", text);
            Assert.Contains("2 test samples", text);
            Assert.Contains("airplane", text);
            Assert.True(File.Exists(Path.Combine(output, "conv4_confusion.png")));
            Assert.False(File.Exists(Path.Combine(output, "conv6.weights")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
        }
    }

    /// <summary>Decimal numbers written with a comma, as a German culture would: "0,09", "2,3046".</summary>
    private static readonly Regex CommaDecimal = new(@"\b\d+,\d{1,2}\b|\b\d+,\d{4,}\b");

    /// <summary>Every value of every row parses as an invariant number, and each row has the header's columns.</summary>
    private static void AssertInvariantCsv(string path)
    {
        var rows = File.ReadAllLines(path);
        int columns = rows[0].Split(',').Length;
        Assert.True(rows.Length > 1, path);
        foreach (string row in rows.Skip(1))
        {
            var cells = row.Split(',');
            Assert.True(cells.Length == columns, $"{path}: '{row}' has {cells.Length} cells for {columns} columns");
            Assert.All(cells, cell => Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{path}: '{cell}' in '{row}'"));
        }
    }

    [Fact]
    public void Every_file_is_culture_invariant_under_a_comma_decimal_culture()
    {
        var german = new CultureInfo("de-DE");
        Assert.Equal(",", german.NumberFormat.NumberDecimalSeparator); // ICU's data is there, so the culture really differs
        string output = Folder("german");
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = german;
        (int code, string text) run;
        try
        {
            run = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "2", "--output", output, "--data-dir", Folder("nodata"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
        Assert.True(run.code == 0, run.text);
        Assert.Contains("SGD lr 0.01", run.text);
        Assert.Matches(@"loss: \d\.\d{4} - acc: \d\.\d{4}", run.text);
        foreach (string slug in new[] { "conv4", "conv6" })
        {
            AssertInvariantCsv(Path.Combine(output, $"{slug}_history.csv"));
            var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, $"{slug}_history.json"))).RootElement;
            Assert.Equal(2, json.GetProperty("history").GetProperty("loss").GetArrayLength());
        }
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("SGD lr 0.01", html);
        Assert.DoesNotMatch(CommaDecimal, Regex.Replace(html, "data:image/png;base64,[^\"]*", ""));
        Assert.DoesNotMatch(CommaDecimal, run.text);
    }

    [Fact]
    public void The_report_shows_each_figure_and_the_comparison_table_once_without_console_notes()
    {
        string output = Folder("report");
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "1", "--output", output, "--data-dir", Folder("nodata"));
        Assert.True(code == 0, text);
        Assert.Contains($"[saved {Path.Combine(output, "samples.png")}]", text); // the console says where each figure went
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.DoesNotContain("[saved ", html);
        Assert.Single(Regex.Matches(html, "<table>"));
        Assert.Single(Regex.Matches(html, "best val_acc"));
        Assert.Single(Regex.Matches(html, "data-file=\"conv4_confusion.png\""));
    }

    /// <summary>
    /// The app as a user starts it (dotnet run), with another libtorch first on LD_LIBRARY_PATH and a German
    /// locale: it must train on its own libtorch (the foreign one ends in "undefined symbol") and write '.' decimals.
    /// </summary>
    [SkippableFact]
    public async Task The_app_runs_on_its_own_libtorch_beside_a_foreign_one_and_under_a_german_locale()
    {
        var environment = ForeignLibTorch.OnLibraryPath();
        environment["LANG"] = "de_DE.UTF-8";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        string output = Folder("host");
        var (code, text) = await ProcessRunner.RunAsync("dotnet",
            new[] { "run", "--project", "src/KerasSharp.Tutorial", "-c", "Release", "--", "--dataset", "fashion_mnist", "--model", "4",
                    "--limit", "100", "--epochs", "1", "--output", output, "--data-dir", Folder("nodata") },
            TimeSpan.FromMinutes(5), RepositoryPaths.Root, environment);
        Assert.True(code == 0, text);
        Assert.Contains("4-conv Accuracy: ", text);
        Assert.Contains("SGD lr 0.01", text);
        AssertInvariantCsv(Path.Combine(output, "conv4_history.csv"));
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_history_of_an_uninterrupted_one()
    {
        string[] common = { "--dataset", "fashion_mnist", "--limit", "200", "--epochs", "3", "--model", "4", "--lr", "0.01", "--data-dir", Folder("nodata") };
        string whole = Folder("whole"), parts = Folder("parts");
        Assert.Equal(0, TutorialRunner.Run(common.Concat(new[] { "--output", whole }).ToArray()).ExitCode);

        var (stopped, stoppedText) = TutorialRunner.Run(common.Concat(new[] { "--output", parts, "--stop-after-epoch", "1" }).ToArray());
        Assert.Equal(TutorialApp.Interrupted, stopped);
        Assert.Contains("run the same command with --resume", stoppedText);
        Assert.False(File.Exists(Path.Combine(parts, "conv4_history.json")));

        var (resumed, resumedText) = TutorialRunner.Run(common.Concat(new[] { "--output", parts, "--resume" }).ToArray());
        Assert.True(resumed == 0, resumedText);
        Assert.Contains("Resuming 4-conv", resumedText);

        JsonElement History(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "conv4_history.json"))).RootElement.GetProperty("history");
        foreach (string key in new[] { "loss", "acc", "val_loss", "val_acc" })
            Assert.Equal(History(whole).GetProperty(key).ToString(), History(parts).GetProperty(key).ToString());
    }

    [Fact]
    public void A_hostile_dataset_file_ends_the_run_with_one_line_and_exit_code_1()
    {
        string data = Folder("hostile");
        foreach (var file in Directory.GetFiles(DatasetFixtures.File("fashion-mnist"))) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        string images = Path.Combine(data, "train-images-idx3-ubyte.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(images), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(new byte[] { 0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28, 0, 0, 0, 28 }); // magic 2051, -1 images
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--output", Folder("hostile-out"), "--data-dir", data);
        Assert.Equal(TutorialApp.Failed, code);
        Assert.Contains($"error: {images}: array shape (-1, 28, 28) has a negative size.", text);
        AssertNoStackTrace(text);
    }

    [Fact]
    public void A_second_run_on_the_same_output_folder_is_refused_and_names_the_first()
    {
        string output = Folder("locked");
        using (var held = new FileStream(Path.Combine(output, ".kerassharp.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            File.WriteAllText(Path.Combine(output, ".kerassharp.owner"), "4242");
            var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "1", "--output", output);
            Assert.Equal(TutorialApp.Failed, code);
            Assert.Contains($"error: {output} is in use by another tutorial run (process 4242)", text);
            Assert.False(File.Exists(Path.Combine(output, "report.html")));
        }
        // Once the first run has ended, the folder is free again.
        var (after, afterText) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "1", "--model", "4", "--step", "3", "--output", output);
        Assert.True(after == 0, afterText);
    }

    [Fact]
    public void A_trained_network_saved_as_keras_h5_is_analysed_again_with_load_model_without_training()
    {
        string[] data = { "--dataset", "fashion_mnist", "--limit", "100", "--data-dir", Folder("nodata") };
        string first = Folder("train");
        var (trained, trainedText) = TutorialRunner.Run(data.Concat(new[] { "--epochs", "1", "--model", "4", "--output", first }).ToArray());
        Assert.True(trained == 0, trainedText);
        string h5 = Path.Combine(first, "conv4.h5");
        Assert.True(File.Exists(h5));

        var (code, text) = TutorialRunner.Run(data.Concat(new[] { "--load-model", h5, "--output", Folder("loaded") }).ToArray());
        Assert.True(code == 0, text);
        Assert.Contains($"=== Steps 4-5: the network in {h5}", text);
        Assert.DoesNotContain("Training the", text);
        Assert.Contains("Total params: 889,834", text);
        string Accuracy(string output, string name) => Regex.Match(output, $@"{name} Accuracy: (\d+\.\d\d)%").Groups[1].Value;
        Assert.NotEqual("", Accuracy(trainedText, "4-conv"));
        Assert.Equal(Accuracy(trainedText, "4-conv"), Accuracy(text, "conv4")); // the same network on the same test images
        string Matrix(string output) => output[output.IndexOf("confusion matrix (rows", StringComparison.Ordinal)..output.IndexOf("row sums", StringComparison.Ordinal)];
        Assert.Equal(Matrix(trainedText)[(Matrix(trainedText).IndexOf('\n'))..], Matrix(text)[(Matrix(text).IndexOf('\n'))..]);
    }

    [SkippableFact]
    public void A_real_keras_file_runs_through_the_tutorials_steps()
    {
        // A Fashion-MNIST network that tf.keras 2.4 trained and saved (compiled with integer labels), found on GitHub.
        string h5 = Path.Combine(RealKerasFiles.Folder("k2.4.0_muhtashim"), "fashion_mnist_model.h5");
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "500", "--load-model", h5, "--output", Folder("real-h5"));
        Assert.True(code == TutorialApp.Ok, text);
        Assert.Contains("compiled with sparse_categorical_crossentropy and metrics [acc]; the tutorial evaluates it with categorical_crossentropy", text);
        Assert.Contains("Total params:", text);
        string accuracy = Regex.Match(text, @"fashion_mnist_model Accuracy: (\d+\.\d\d)%").Groups[1].Value;
        // Its own weights at work: a network that reached 90% on Fashion-MNIST, far from the 10% of chance.
        Assert.True(double.Parse(accuracy, System.Globalization.CultureInfo.InvariantCulture) > 80, text);
        Assert.Contains("weighted avg", text);
        AssertNoStackTrace(text);
    }

    [Theory]
    [InlineData("model.h5", "could not be read as a Keras model file")]
    [InlineData("model.keras", "is not a .keras archive")]
    public void A_model_file_that_cannot_be_loaded_ends_the_run_with_one_line_and_exit_code_1(string file, string message)
    {
        string path = Path.Combine(Folder("badmodel"), file);
        File.WriteAllText(path, "not hdf5");
        var (code, output, error) = TutorialRunner.RunSeparately("--dataset", "fashion_mnist", "--limit", "50", "--load-model", path, "--output", Folder("badmodel-out"), "--data-dir", Folder("nodata"));
        Assert.Equal(TutorialApp.Failed, code);
        // Errors go to standard error, as a command-line tool's do; what the run printed before stays on standard output.
        Assert.StartsWith("error: ", error);
        Assert.Contains(message, error);
        Assert.DoesNotContain("error:", output);
        Assert.Contains("KerasSharp tutorial: steps", output);
        AssertNoStackTrace(output + error);
    }

    [Fact]
    public void Resuming_from_a_damaged_checkpoint_says_what_is_wrong_and_how_to_start_over()
    {
        string[] common = { "--dataset", "fashion_mnist", "--limit", "100", "--epochs", "2", "--model", "4", "--data-dir", Folder("nodata") };
        string output = Folder("damaged");
        Assert.Equal(TutorialApp.Interrupted, TutorialRunner.Run(common.Concat(new[] { "--output", output, "--stop-after-epoch", "1" }).ToArray()).ExitCode);
        string checkpoint = Path.Combine(output, "checkpoints", "conv4", "checkpoint.ksckpt");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(checkpoint, bytes);

        var (code, text) = TutorialRunner.Run(common.Concat(new[] { "--output", output, "--resume" }).ToArray());
        Assert.Equal(TutorialApp.Failed, code);
        Assert.Contains($"error: '{checkpoint}' is damaged: its checksum does not match", text);
        Assert.Contains("run the same command without --resume", text);
        Assert.Contains("conv4.interrupted.weights", text);
        AssertNoStackTrace(text);
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs must be a positive number")]
    [InlineData("--dataset", "imagenet", "imagenet")]
    [InlineData("--step", "9", "--step must be between 1 and 8")]
    [InlineData("--model", "5", "'5'")]
    [InlineData("--limit", "2", "--limit must be at least 5")]
    [InlineData("--epochs", "abc", "'abc'")]
    [InlineData("--epochs", "99999999999", "'99999999999'")]
    [InlineData("--batch-size", "1e3", "'1e3'")]
    [InlineData("--limit", "abc", "'abc'")]
    [InlineData("--lr", "abc", "'abc'")]
    [InlineData("--lr", "-1", "--lr must be a positive number")]
    [InlineData("--stop-after-epoch", "x", "'x'")]
    [InlineData("--data-dir", "/no/such/folder", "--data-dir /no/such/folder: no such folder")]
    [InlineData("--load-model", "/no/such/model.h5", "--load-model /no/such/model.h5: no such file")]
    public void Bad_arguments_exit_with_code_2_and_say_why(string option, string value, string message)
    {
        var (code, text) = TutorialRunner.Run(option, value, "--output", Folder("bad"));
        Assert.Equal(CommandLine.BadArguments, code);
        Assert.Contains(message, text);
        AssertNoStackTrace(text);
    }

    [Fact]
    public void An_option_without_its_value_exits_with_code_2()
    {
        var (code, text) = TutorialRunner.Run("--output", Folder("bad"), "--step");
        Assert.Equal(CommandLine.BadArguments, code);
        Assert.Contains("--step", text);
        AssertNoStackTrace(text);
    }

    [Fact]
    public void Without_the_dataset_offline_it_says_where_to_put_the_file_and_exits_1()
    {
        string home = Folder("emptyhome");
        Environment.SetEnvironmentVariable("KERAS_HOME", home);
        Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", $"http://127.0.0.1:{LocalHttpServer.FreePort()}");
        try
        {
            string data = Folder("nodata");
            var (code, text) = TutorialRunner.Run("--dataset", "cifar10", "--output", Folder("offline"), "--data-dir", data);
            Assert.Equal(TutorialApp.Failed, code);
            Assert.Contains("error: Could not download", text);
            Assert.Contains(Path.Combine(home, "datasets", Cifar10.CacheArchive), text);
            Assert.Contains($"put cifar-10-python.tar.gz into {data} (the data folder; choose another with --data-dir)", text);
            Assert.Contains("sudo apt-get update && sudo apt-get install dataset-fashion-mnist", text);
            Assert.Contains("--dataset fashion_mnist", text);
            AssertNoStackTrace(text);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
            Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", null);
        }
    }
}
