using System.Text.RegularExpressions;
using KerasSharp.Tutorial;

namespace KerasSharp.Tests.Tutorial;

/// <summary>
/// Steps on their own: --from-step reuses what an earlier run left in --output (the Keras model files and the
/// histories), reproduces its results without training, and refuses a missing or mismatched prerequisite with one line
/// that names the command producing it.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class TutorialStepsTests
{
    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-steps-{name}-").FullName;

    private static string Matrices(string text) =>
        string.Join("\n", Regex.Matches(text, @"confusion matrix \(rows[^\n]*\n([\s\S]*?)row sums[^\n]*").Select(m => m.Value));

    [SkippableFact]
    public void Step_8_alone_after_a_quick_run_reproduces_its_confusion_matrices_without_training()
    {
        DatasetFixtures.RequireFashionMnist();
        string output = Folder("quick");
        string[] quick = { "--quick", "--dataset", "fashion_mnist", "--output", output, "--data-dir", Folder("nodata") };
        var (trained, trainedText) = TutorialRunner.Run(quick);
        Assert.True(trained == 0, trainedText);

        var (code, text) = TutorialRunner.Run(quick.Concat(new[] { "--from-step", "8", "--step", "8" }).ToArray());
        Assert.True(code == 0, text);
        Assert.Contains("steps 8-8 of 8", text);
        Assert.DoesNotContain("Training the", text);
        Assert.DoesNotContain("=== Step 7", text);
        Assert.Contains("=== Step 8", text);
        Assert.Equal(2, Regex.Matches(text, "confusion matrix \\(rows").Count);
        Assert.Equal(Matrices(trainedText), Matrices(text));
        Assert.Contains("best val_acc", text); // the comparison, from the saved histories and the silent step 7's scores

        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Step 8", html);
        Assert.DoesNotContain("Step 2", html); // the report covers the steps that ran for the user
        Assert.DoesNotContain("samples.png\"", html);

        // Steps 6 and 7 from the same files: the saved histories give the curves, the networks the same accuracy.
        var (evaluated, evaluatedText) = TutorialRunner.Run(quick.Concat(new[] { "--from-step", "6", "--step", "7", "--model", "4" }).ToArray());
        Assert.True(evaluated == 0, evaluatedText);
        string Accuracy(string t) => Regex.Match(t, @"4-conv Accuracy: (\d+\.\d\d)%").Groups[1].Value;
        Assert.NotEqual("", Accuracy(trainedText));
        Assert.Equal(Accuracy(trainedText), Accuracy(evaluatedText));
        Assert.Contains("conv4_accuracy.png", evaluatedText);

        // Other data than the networks were trained on: one line that says what was used and how to train for this.
        var (other, otherText) = TutorialRunner.Run(new[] { "--dataset", "fashion_mnist", "--limit", "500", "--epochs", "2", "--output", output, "--from-step", "7" });
        Assert.Equal(TutorialApp.Failed, other);
        Assert.Contains($"error: {Path.Combine(output, "conv4.h5")} was trained on fashion_mnist with --limit 2000, but this run uses fashion_mnist with --limit 500.", otherText);
        Assert.Contains("--step 5 --model 4 --dataset fashion_mnist --limit 500", otherText);
        Assert.Contains("or run with --dataset fashion_mnist --limit 2000", otherText);
        Assert.DoesNotMatch(new Regex(@"\bat [\w.]+\("), otherText);
    }

    [Fact]
    public void A_missing_network_names_the_command_that_trains_it()
    {
        string output = Folder("empty");
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "1", "--model", "6", "--output", output,
            "--data-dir", Folder("nodata"), "--from-step", "8");
        Assert.Equal(TutorialApp.Failed, code);
        Assert.Contains($"error: --from-step 8 needs the trained 6-conv network, but {Path.Combine(output, "conv6.h5")} is missing. " +
                        $"Train it first: dotnet run --project src/KerasSharp.Tutorial -c Release -- --step 5 --model 6 --dataset fashion_mnist --limit 100 --epochs 1 --output {output}.", text);
        Assert.DoesNotContain("=== Step 8", text);
    }

    [Theory]
    [InlineData("--from-step", "9", "--from-step must be between 1 and 8.")]
    [InlineData("--from-step", "0", "--from-step must be between 1 and 8.")]
    [InlineData("--step", "6", "--from-step 7 comes after --step 6: nothing would run.")]
    public void Bad_step_ranges_are_refused_before_anything_runs(string option, string value, string message)
    {
        string[] args = option == "--step" ? new[] { "--from-step", "7", option, value } : new[] { option, value };
        var (code, text) = TutorialRunner.Run(args.Concat(new[] { "--output", Folder("bad") }).ToArray());
        Assert.Equal(CommandLine.BadArguments, code);
        Assert.Contains(message, text);
    }
}
