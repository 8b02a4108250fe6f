using System.Globalization;
using Keras;
using Keras.Utils;
using KerasSharp.Tutorial.Steps;

namespace KerasSharp.Tutorial;

/// <summary>Runs the tutorial's steps in order and writes report.html; returns the process exit code.</summary>
public static class TutorialApp
{
    public const int Ok = 0, Failed = 1, Interrupted = 130;

    private static readonly TutorialStep[] Steps =
    {
        new Step1Variables(), new Step2LoadData(), new Step3Preprocess(), new Step4FourConvModel(),
        new Step5Train(), new Step6AsciiPrintout(), new Step7Evaluate(), new Step8Analysis(),
    };

    /// <summary>
    /// The steps of a run: a model from a file (--load-model) stands in for steps 4 and 5 (building and training), and
    /// so, from --from-step 6 on, do the networks an earlier run trained and saved in --output.
    /// </summary>
    private static IEnumerable<TutorialStep> StepsFor(TutorialOptions options)
    {
        TutorialStep? replacement = options.LoadModel is not null ? new StepLoadModel() : options.FromStep >= 6 ? new StepRestoreTrained() : null;
        return replacement is null ? Steps : Steps.Take(3).Append(replacement).Concat(Steps.Skip(5));
    }

    /// <summary>
    /// Runs a step before --from-step for what it leaves (the data, the networks, the scores), without its output:
    /// the report covers the steps asked for. Its errors still end the run with their message.
    /// </summary>
    private static void RunQuietly(TutorialContext ctx, TutorialStep step)
    {
        Console.SetOut(TextWriter.Null);
        ctx.Quiet = true;
        try
        {
            step.Run(ctx);
        }
        finally
        {
            ctx.Quiet = false;
            Console.SetOut(ctx.Out);
        }
    }

    /// <summary>Runs the tutorial's steps; returns the exit code. Errors go to <paramref name="errors"/> (standard error by default) and into the report.</summary>
    public static int Run(TutorialOptions options, TextWriter? console = null, TextWriter? errors = null)
    {
        var ctx = new TutorialContext(options, console ?? Console.Out);
        errors ??= Console.Error;
        // The steps print with Console, as the tutorial's cells print; the report keeps a copy.
        var previous = Console.Out;
        Console.SetOut(ctx.Out);
        OutputLock? outputLock = null;
        IDisposable? session = null;
        try
        {
            Directory.CreateDirectory(options.Output);
            outputLock = OutputLock.Acquire(options.Output);
            InterruptWatcher.InstallCtrlC();
            // The run's device, precision and seed hold for it alone: the session before it comes back when it ends.
            // SetRandomSeed seeds the scope's generators and libtorch's process-wide ones (the scope's seed alone would not).
            session = Session.Scope(device: options.Device, policy: options.Precision);
            Util.SetRandomSeed(options.Seed);
            Console.WriteLine($"KerasSharp tutorial: steps {options.FromStep}-{options.Step} of {TutorialOptions.StepCount}, dataset {options.Dataset}, " +
                              $"network(s) {options.Model}, SGD lr {options.EffectiveLearningRate.ToString(CultureInfo.InvariantCulture)}, precision {options.Precision}, device {Backend.Device}, seed {options.Seed}, " +
                              $"output {Path.GetFullPath(options.Output)}");
            ctx.Flush();
            foreach (var step in StepsFor(options).Where(s => s.Numbers.First <= options.Step))
            {
                if (ctx.Interrupted) break;
                if (step.Numbers.Last < options.FromStep)
                {
                    RunQuietly(ctx, step);
                    continue;
                }
                string title = step.Title(options);
                Console.WriteLine();
                Console.WriteLine($"=== {title}");
                ctx.Out.TakeCaptured();
                ctx.Report.Heading(title);
                step.Run(ctx);
                ctx.Flush();
            }
            return ctx.Interrupted ? Interrupted : Ok;
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            ctx.Flush();
            string message = $"error: {e.Message}";
            if (e is InvalidDataException && options.Resume)
                message += "\nTo start over, run the same command without --resume (it replaces the checkpoint). The weights of an " +
                           $"interrupted run, if one saved them, are in {Path.GetFullPath(options.Output)}/conv4.interrupted.weights or conv6.interrupted.weights.";
            errors.WriteLine(message);
            ctx.Report.Text(message + "\n");
            return Failed;
        }
        finally
        {
            string report = Path.Combine(options.Output, "report.html");
            // A run that found the folder locked leaves the other run's report alone.
            if (outputLock is not null)
            {
                ctx.Report.Save(report, "KerasSharp: the Keras CIFAR-10 tutorial in C#");
                Console.WriteLine($"Report: {Path.GetFullPath(report)}");
                outputLock.Dispose();
            }
            Console.SetOut(previous);
            session?.Dispose();
        }
    }

    /// <summary>
    /// The errors a run reports in one line and exit code 1: bad or missing files, downloads, arguments and formats the
    /// library refuses with a message that says what to do. Anything else is a bug, and keeps its stack trace.
    /// </summary>
    internal static bool IsUserFacing(Exception e) =>
        e is DownloadException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or NotSupportedException;
}
