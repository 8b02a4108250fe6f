using System.Text.Json;
using System.Text.RegularExpressions;
using Keras.Datasets;
using KerasSharp.Tutorial;

namespace KerasSharp.Tests.Tutorial;

/// <summary>The tutorial console app end to end. It seeds libtorch's shared generator, so these run alone.</summary>
[Collection(ProcessStateCollection.Name)]
public class TutorialAppTests
{
    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-tutorial-{name}-").FullName;

    private static readonly string[] ExpectedFiles =
    {
        "samples.png", "report.html",
        "conv4.weights", "conv4_history.csv", "conv4_history.json", "conv4_accuracy.png", "conv4_loss.png", "conv4_confusion.png",
        "conv6.weights", "conv6_history.csv", "conv6_history.json", "conv6_accuracy.png", "conv6_loss.png", "conv6_confusion.png",
        "comparison_accuracy.png", "comparison_time.png",
    };

    [Fact]
    public void A_short_fashion_mnist_run_of_both_networks_produces_every_output()
    {
        Assert.True(File.Exists(Path.Combine(FashionMnist.DebianFolder, "train-images-idx3-ubyte.gz")), "apt-get install dataset-fashion-mnist (.ci/run does)");
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

    [Theory]
    [InlineData("--epochs", "0", "--epochs must be a positive number")]
    [InlineData("--dataset", "imagenet", "imagenet")]
    [InlineData("--step", "9", "--step must be between 1 and 8")]
    [InlineData("--model", "5", "'5'")]
    [InlineData("--limit", "2", "--limit must be at least 5")]
    public void Bad_arguments_exit_with_code_2_and_say_why(string option, string value, string message)
    {
        var (code, text) = TutorialRunner.Run(option, value, "--output", Folder("bad"));
        Assert.Equal(CommandLine.BadArguments, code);
        Assert.Contains(message, text);
    }

    [Fact]
    public void Without_the_dataset_offline_it_says_where_to_put_the_file_and_exits_1()
    {
        string home = Folder("emptyhome");
        Environment.SetEnvironmentVariable("KERAS_HOME", home);
        Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", $"http://127.0.0.1:{LocalHttpServer.FreePort()}");
        try
        {
            var (code, text) = TutorialRunner.Run("--dataset", "cifar10", "--output", Folder("offline"), "--data-dir", Folder("nodata"));
            Assert.Equal(TutorialApp.Failed, code);
            Assert.Contains("error: Could not download", text);
            Assert.Contains(Path.Combine(home, "datasets", Cifar10.CacheArchive), text);
            Assert.DoesNotMatch(new Regex(@"\bat [\w.]+\("), text);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
            Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", null);
        }
    }
}
