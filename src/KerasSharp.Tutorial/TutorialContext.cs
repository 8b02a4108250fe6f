using Keras.Callbacks;
using Keras.Models;
using KerasSharp.Tutorial.Report;
using static TorchSharp.torch;

namespace KerasSharp.Tutorial;

/// <summary>What the steps share, as the variables of the tutorial's notebook do.</summary>
internal sealed class TutorialContext(TutorialOptions options, TextWriter console)
{
    public TutorialOptions Options { get; } = options;
    public ReportWriter Out { get; } = new(console);
    public HtmlReport Report { get; } = new();

    /// <summary>Whether output reaches a terminal, so progress bars may redraw in place.</summary>
    public bool OnTerminal { get; } = ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected;

    // Step 1
    public int BatchSize { get; set; }
    public int NumClasses { get; set; }
    public int Epochs { get; set; }
    public IReadOnlyList<string> ClassNames { get; set; } = Array.Empty<string>();

    // Steps 2 and 3
    public Tensor? XTrain { get; set; }
    public Tensor? YTrain { get; set; }
    public Tensor? XTest { get; set; }
    public Tensor? YTest { get; set; }

    /// <summary>The trained networks by display name ("4-conv", "6-conv"), in the order they ran.</summary>
    public Dictionary<string, (Sequential Model, History History)> Models { get; } = new();

    /// <summary>Set when training was interrupted (Ctrl-C or --stop-after-epoch); later steps are skipped.</summary>
    public bool Interrupted { get; set; }

    public string OutputPath(string file) => Path.Combine(Options.Output, file);

    /// <summary>Adds a figure to the report, and says on the console where it was saved.</summary>
    public void Figure(string file, string caption)
    {
        Flush();
        Out.WriteConsoleLine($"[saved {OutputPath(file)}]");
        Report.Image(OutputPath(file), caption);
    }

    /// <summary>Moves the console output so far into the report.</summary>
    public void Flush() => Report.Text(Out.TakeCaptured());
}
