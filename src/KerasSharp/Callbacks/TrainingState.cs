namespace Keras.Callbacks;

/// <summary>
/// What a running <c>Fit</c> shares with its callbacks (<see cref="Callback.State"/>): the History being filled,
/// the epoch training starts from, and the current epoch's progress. Callbacks may read all of it, and may move
/// <see cref="InitialEpoch"/> in <c>OnTrainBegin</c> (BackupAndRestore does, to resume after a restored epoch).
/// To stop training, set the model's <c>StopTraining</c>, as in Keras.
/// </summary>
public sealed class TrainingState
{
    internal TrainingState(History history, int initialEpoch)
    {
        History = history;
        InitialEpoch = initialEpoch;
    }

    /// <summary>The History this Fit fills and returns; epochs restored from a checkpoint go in here too.</summary>
    public History History { get; }

    /// <summary>The first epoch (0-based) to run: Fit's <c>initial_epoch</c>, unless a callback moves it in <c>OnTrainBegin</c>.</summary>
    public int InitialEpoch { get; set; }

    /// <summary>Samples trained on so far in the current epoch.</summary>
    public long SamplesSeen { get; internal set; }

    /// <summary>Batches done so far in the current epoch.</summary>
    public long StepsSeen { get; internal set; }

    /// <summary>The current epoch's sums of the loss and metrics, kept on the device; set by the training loop for each epoch.</summary>
    internal Models.MetricSums? Sums { get; set; }

    /// <summary>
    /// The loss and metrics averaged over the current epoch so far, in the order of <c>FitParams.Metrics</c>.
    /// Reading them waits for the device, so a callback should do it only when it shows or uses them.
    /// </summary>
    public IReadOnlyList<(string Name, double Value)> RunningMeans() =>
        Sums?.Means(SamplesSeen) ?? throw new InvalidOperationException("Running means exist only while an epoch trains.");
}
