using Keras.Callbacks;
using Keras.Models;
using KerasSharp.Tutorial.Report;
using Numpy;

namespace KerasSharp.Tutorial;

/// <summary>What the steps share, as the variables of the tutorial's script do.</summary>
internal sealed class TutorialContext(TutorialOptions options, TextWriter console)
{
    private (NDarray x_train, NDarray y_train, NDarray x_test, NDarray y_test)? _data;

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

    /// <summary>
    /// The images and labels (steps 2 and 3). Setting them frees the tensors they replace at once, as Python's
    /// reference counting frees <c>x_train</c>'s uint8 array when <c>x_train = x_train.astype('float32')</c> rebinds it.
    /// </summary>
    public (NDarray x_train, NDarray y_train, NDarray x_test, NDarray y_test) Data
    {
        get => _data ?? throw new InvalidOperationException("The data are loaded in step 2.");
        set
        {
            if (_data is { } old)
            {
                var kept = new[] { value.x_train, value.y_train, value.x_test, value.y_test }.Select(a => a.Tensor).ToList();
                foreach (var array in new[] { old.x_train, old.y_train, old.x_test, old.y_test })
                    if (!kept.Any(t => ReferenceEquals(t, array.Tensor))) array.Dispose();
            }
            _data = value;
        }
    }

    /// <summary>The networks built so far (steps 4 and 5), by name, in the order they were built.</summary>
    public Dictionary<string, BaseModel> Networks { get; } = new();

    /// <summary>Each trained network's History (step 5), by name.</summary>
    public Dictionary<string, History> Histories { get; } = new();

    /// <summary>Each network's <c>evaluate</c> scores on the test set (step 7): [loss, accuracy].</summary>
    public Dictionary<string, double[]> Scores { get; } = new();

    /// <summary>Set when training was interrupted (Ctrl-C or --stop-after-epoch); later steps are skipped.</summary>
    public bool Interrupted { get; set; }

    public string OutputPath(string file) => Path.Combine(Options.Output, file);

    /// <summary>Refuses a network made elsewhere whose input does not fit this run's images.</summary>
    /// <param name="network">The network.</param>
    /// <param name="source">Where it came from, for the message.</param>
    public void RequireInputOfData(BaseModel network, string source)
    {
        Keras.Shape expected = Data.x_train.shape[1..];
        if (network.Inputs.Count != 1 || network.Outputs.Count != 1)
            throw new InvalidDataException($"{source} has {network.Inputs.Count} inputs and {network.Outputs.Count} outputs; the tutorial's steps take a network of one image input and one class output.");
        if (!network.InputShape.Equals(expected))
            throw new InvalidDataException($"{source} takes inputs of shape {network.InputShape}, but --dataset {Options.Dataset} has images of shape {expected}.");
    }

    /// <summary>Set while a step before --from-step runs for its results only: its figures stay out of the report.</summary>
    public bool Quiet { get; set; }

    /// <summary>Adds a figure to the report, and says on the console where it was saved.</summary>
    public void Figure(string file, string caption)
    {
        if (Quiet) return;
        Flush();
        Out.WriteConsoleLine($"[saved {OutputPath(file)}]");
        Report.Image(OutputPath(file), caption);
    }

    /// <summary>Moves the console output so far into the report.</summary>
    public void Flush() => Report.Text(Out.TakeCaptured());
}
