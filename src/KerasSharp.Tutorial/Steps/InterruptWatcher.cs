using Keras.Callbacks;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Stops training after the current batch on Ctrl-C, or after --stop-after-epoch epochs.</summary>
internal sealed class InterruptWatcher(int? stopAfterEpochs) : Callback
{
    private static volatile bool _cancelRequested;
    private static int _installed;

    public bool Stopped { get; private set; }

    public string Reason { get; private set; } = "";

    // Only a flag is read per batch, so Fit need not fetch the batch's loss for this callback.
    protected override bool NeedsBatchValues => false;

    /// <summary>Turns Ctrl-C into a request to stop after the current batch, once per process.</summary>
    public static void InstallCtrlC()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        Console.CancelKeyPress += (_, e) =>
        {
            if (_cancelRequested) return; // a second Ctrl-C ends the program at once
            e.Cancel = true;
            _cancelRequested = true;
        };
    }

    public override void OnBatchEnd(int batch, IDictionary<string, double> logs)
    {
        if (!_cancelRequested) return;
        Stop($"Ctrl-C during batch {batch + 1}");
    }

    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (stopAfterEpochs is int n && epoch + 1 >= n) Stop($"--stop-after-epoch {n}");
    }

    private void Stop(string reason)
    {
        Stopped = true;
        Reason = reason;
        Model!.StopTraining = true;
    }
}
