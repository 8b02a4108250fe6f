using System.Diagnostics;

using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>
/// Stops training when the loss stops being a number, as Keras's TerminateOnNaN. Keras reads every batch's loss; this
/// reads the epoch's running loss at most every 0.05 s (Keras's progress interval) and at the epoch's last batch, so that
/// batches never wait for the device to report their loss. Fit adds one by default: a run that has diverged
/// learns nothing more, and the tutorial's 100 epochs would otherwise go on for hours writing NaN weights.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    private const double CheckSeconds = 0.05;
    private readonly Stopwatch _clock = new();

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => _clock.Restart();

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, IDictionary<string, double> logs)
    {
        bool last = State!.StepsSeen >= Params!.Steps;
        if (!last && _clock.Elapsed.TotalSeconds < CheckSeconds) return;
        _clock.Restart();
        double loss = State.RunningMeans()[0].Value;
        if (double.IsFinite(loss)) return;
        Model!.StopTraining = true;
        Model.Out.WriteLine();
        Model.Out.WriteLine($"Batch {batch}: Invalid loss ({PyFormat.Repr(loss)}), terminating training. " +
                            "Lower the learning rate, or check the inputs and labels for NaN or infinite values.");
    }
}
