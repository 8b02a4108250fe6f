using System.Globalization;
using Keras;
using Keras.Utils;
using KerasSharp.Tutorial.Steps;

namespace KerasSharp.Tutorial;

/// <summary>Runs the tutorial's steps in order and writes report.html; returns the process exit code.</summary>
public static class TutorialApp
{
    public const int Ok = 0, Failed = 1, Interrupted = 130;

    private static readonly string[] Titles =
    {
        "Step 1: imports and variables",
        "Step 2: load CIFAR-10 and show one image of each class",
        "Step 3: pre-processing",
        "Step 4: the 4-conv network",
        "Step 5: training, then the 6-conv network",
        "Step 6: the networks in ASCII",
        "Step 7: training curves and test accuracy",
        "Step 8: predictions, confusion matrix, report and comparison",
    };

    public static int Run(TutorialOptions options, TextWriter? console = null)
    {
        var ctx = new TutorialContext(options, console ?? Console.Out);
        try
        {
            Directory.CreateDirectory(options.Output);
            InterruptWatcher.InstallCtrlC();
            Backend.SetDevice(options.Device);
            Util.SetRandomSeed(options.Seed);
            ctx.Out.WriteLine($"KerasSharp tutorial: steps 1-{options.Step} of {TutorialOptions.StepCount}, dataset {options.Dataset}, " +
                              $"network(s) {options.Model}, SGD lr {options.EffectiveLearningRate.ToString(CultureInfo.InvariantCulture)}, device {Backend.Device}, seed {options.Seed}, " +
                              $"output {Path.GetFullPath(options.Output)}");
            ctx.Flush();
            Dictionary<string, double> accuracy = new();
            for (int step = 1; step <= options.Step && !ctx.Interrupted; step++)
            {
                string title = step == 2 && options.Dataset != "cifar10" ? "Step 2: load Fashion-MNIST and show one image of each class" : Titles[step - 1];
                ctx.Out.WriteLine();
                ctx.Out.WriteLine($"=== {title}");
                ctx.Out.TakeCaptured();
                ctx.Report.Heading(title);
                switch (step)
                {
                    case 1: Step1Variables.Run(ctx); break;
                    case 2: Step2LoadData.Run(ctx); break;
                    case 3: Step3Preprocess.Run(ctx); break;
                    case 4: Step4FourConvModel.Run(ctx); break;
                    case 5: Step5Train.Run(ctx); break;
                    case 6: Step6AsciiPrintout.Run(ctx); break;
                    case 7: accuracy = Step7Evaluate.Run(ctx); break;
                    case 8: Step8Analysis.Run(ctx, accuracy); break;
                }
                ctx.Flush();
            }
            return ctx.Interrupted ? Interrupted : Ok;
        }
        catch (Exception e) when (e is DownloadException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            ctx.Out.WriteLine();
            ctx.Out.WriteLine($"error: {e.Message}");
            ctx.Flush();
            return Failed;
        }
        finally
        {
            string report = Path.Combine(options.Output, "report.html");
            if (Directory.Exists(options.Output))
            {
                ctx.Report.Save(report, "KerasSharp: the Keras CIFAR-10 tutorial in C#");
                ctx.Out.WriteLine($"Report: {Path.GetFullPath(report)}");
            }
        }
    }
}
