namespace Keras.Callbacks;

/// <summary>
/// What <c>Fit</c> returns: <c>history["acc"]</c>, <c>["val_acc"]</c>, <c>["loss"]</c>, <c>["val_loss"]</c>
/// per epoch, the epoch numbers, and each epoch's wall time in seconds (validation included).
/// </summary>
public sealed class History : Callback
{
    /// <summary>Metric values per epoch, by name.</summary>
    public HistoryDictionary history { get; } = new();

    /// <summary>The 0-based epoch numbers that ran.</summary>
    public List<int> epoch { get; } = new();

    /// <summary>Wall time of each epoch in seconds.</summary>
    public List<double> EpochTimes { get; } = new();

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    internal void Record(int epochIndex, IDictionary<string, double> logs, double seconds)
    {
        epoch.Add(epochIndex);
        EpochTimes.Add(seconds);
        foreach (var (key, value) in logs) history.Add(key, value);
    }
}
