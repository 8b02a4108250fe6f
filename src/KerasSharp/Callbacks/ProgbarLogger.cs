using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>Prints <c>Epoch 1/100</c> and a Keras progress bar for each epoch (verbose 1), or one line per epoch (verbose 2).</summary>
internal sealed class ProgbarLogger : Callback
{
    private readonly TextWriter? _output;
    private readonly bool? _dynamic;
    private Progbar? _bar;

    public ProgbarLogger(TextWriter? output, bool? dynamic)
    {
        _output = output;
        _dynamic = dynamic;
    }

    private TextWriter Output => _output ?? Console.Out;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
        Output.WriteLine($"Epoch {epoch + 1}/{Params!.Epochs}");
        // The values are running means already, so every one is shown as given.
        _bar = new Progbar(Target, verbose: Params.Verbose, stateful_metrics: Params.Metrics, output: _output, dynamic: _dynamic);
    }

    // The bar shows the epoch's running means (State.RunningMeans), read only when it draws.
    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, IDictionary<string, double> logs)
    {
        long seen = Params!.CountSteps ? State!.StepsSeen : State!.SamplesSeen;
        if (seen < Target && _bar!.WouldDraw(seen)) _bar.Update(seen, State.RunningMeans());
    }

    /// <summary>The bar's end: samples per epoch, or batches when Fit counts steps (a generator).</summary>
    private long Target => Params!.CountSteps ? Params.Steps : Params.Samples;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) =>
        _bar!.Update(Target, Params!.Metrics.Where(logs.ContainsKey).Select(m => (m, logs[m])));
}
