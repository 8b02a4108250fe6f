using System.Diagnostics;

namespace Keras.Callbacks;

/// <summary>
/// What <c>Fit</c> returns, as Keras's History callback: <c>history["acc"]</c>, <c>["val_acc"]</c>, <c>["loss"]</c>,
/// <c>["val_loss"]</c> per epoch, the epoch numbers, and each epoch's wall time in seconds (validation included). It is
/// the first callback of every Fit, so a callback that saves it at an epoch's end sees that epoch; it keeps each
/// epoch's logs as they are, so values a later callback adds to them (ReduceLROnPlateau's <c>lr</c>) are in it too, as
/// in Keras.
/// </summary>
public sealed class History : Callback
{
    private readonly List<(int Epoch, IDictionary<string, double> Logs, double Seconds)> _epochs = new();
    private readonly Stopwatch _clock = new();

    /// <summary>Metric values per epoch, by name.</summary>
    public HistoryDictionary history
    {
        get
        {
            var values = new HistoryDictionary();
            foreach (var (_, logs, _) in _epochs)
                foreach (var (key, value) in logs) values.Add(key, value);
            return values;
        }
    }

    /// <summary>
    /// The values per epoch under Keras.NET's name: <c>HistoryLogs["acc"]</c>. Both spellings of the accuracy keys
    /// (<c>acc</c> and <c>accuracy</c>, <c>val_acc</c> and <c>val_accuracy</c>) are there, as in <see cref="history"/>.
    /// </summary>
    public Dictionary<string, double[]> HistoryLogs
    {
        get
        {
            var logs = history.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
            foreach (var (alias, key) in new[] { ("accuracy", "acc"), ("val_accuracy", "val_acc") })
                if (logs.TryGetValue(key, out var values)) logs[alias] = values;
            return logs;
        }
    }

    /// <summary>The 0-based epoch numbers that ran.</summary>
    public IReadOnlyList<int> epoch => _epochs.Select(e => e.Epoch).ToList();

    /// <summary>Wall time of each epoch in seconds.</summary>
    public IReadOnlyList<double> EpochTimes => _epochs.Select(e => e.Seconds).ToList();

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => _clock.Restart();

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Record(epoch, logs, _clock.Elapsed.TotalSeconds);

    /// <summary>
    /// A History saved earlier, rebuilt from its values (as the tutorial keeps them in JSON), so that plots and
    /// comparisons work on a run that ended in another process.
    /// </summary>
    /// <param name="epochs">The 0-based epoch numbers.</param>
    /// <param name="values">Each metric's values, one per epoch.</param>
    /// <param name="epochSeconds">Each epoch's wall time in seconds.</param>
    /// <returns>The History.</returns>
    public static History Restore(IReadOnlyList<int> epochs, IReadOnlyDictionary<string, IReadOnlyList<double>> values, IReadOnlyList<double> epochSeconds)
    {
        if (epochSeconds.Count != epochs.Count || values.Any(v => v.Value.Count != epochs.Count))
            throw new ArgumentException($"A History needs one value per epoch: {epochs.Count} epochs, but {epochSeconds.Count} times and " +
                                        $"[{string.Join(", ", values.Select(v => $"{v.Key}: {v.Value.Count}"))}] values.");
        var history = new History();
        for (int i = 0; i < epochs.Count; i++)
            history.Record(epochs[i], values.ToDictionary(v => v.Key, v => v.Value[i]), epochSeconds[i]);
        return history;
    }

    /// <summary>Adds an epoch whose logs are kept as they are (a restored checkpoint's epochs go in here too).</summary>
    internal void Record(int epochIndex, IDictionary<string, double> logs, double seconds) => _epochs.Add((epochIndex, logs, seconds));
}
