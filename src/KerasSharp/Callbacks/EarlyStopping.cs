namespace Keras.Callbacks;

/// <summary>
/// Stops training when <c>monitor</c> has not improved by more than <c>min_delta</c> for
/// <c>patience</c> epochs, as Keras's EarlyStopping; can restore the best epoch's weights.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _greater;
    private readonly double _minDelta;
    private double _best;
    private int _wait;
    private TorchSharp.torch.Tensor[]? _bestWeights;

    /// <summary>Stops training when a monitored value stops improving.</summary>
    /// <param name="monitor">The logged value to watch; <c>val_loss</c> by default.</param>
    /// <param name="min_delta">The least change that counts as an improvement.</param>
    /// <param name="patience">How many epochs without improvement to wait before stopping.</param>
    /// <param name="verbose">1 to print the epoch at which training stopped.</param>
    /// <param name="mode"><c>min</c>, <c>max</c> or <c>auto</c> (max for accuracies, min otherwise): whether a larger or a smaller value is better.</param>
    /// <param name="baseline">A value the monitored one must beat; training stops if it does not within <paramref name="patience"/> epochs.</param>
    /// <param name="restore_best_weights">Whether to put back the weights of the best epoch when training stops.</param>
    public EarlyStopping(string monitor = "val_loss", double min_delta = 0, int patience = 0, int verbose = 0,
        string mode = "auto", double? baseline = null, bool restore_best_weights = false)
    {
        if (patience < 0) throw new ArgumentException($"patience must not be negative; got {patience}.");
        Monitor = monitor;
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restore_best_weights;
        _greater = MonitorMode.GreaterIsBetter(mode, monitor);
        _minDelta = _greater ? Math.Abs(min_delta) : -Math.Abs(min_delta);
    }

    /// <summary>The logged value watched.</summary>
    public string Monitor { get; }
    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>1 to print when training stopped.</summary>
    public int Verbose { get; }
    /// <summary>The value to beat, or null.</summary>
    public double? Baseline { get; }
    /// <summary>Whether the best epoch's weights are put back at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The epoch (0-based) at which training was stopped, or 0 if it was not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        _best = Baseline ?? (_greater ? double.NegativeInfinity : double.PositiveInfinity);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(Monitor, out double current))
        {
            Model!.Out.WriteLine($"Early stopping conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }
        bool improved = _greater ? current - _minDelta > _best : current - _minDelta < _best;
        if (improved)
        {
            _best = current;
            _wait = 0;
            if (RestoreBestWeights) _bestWeights = Model!.GetWeights();
            return;
        }
        _wait++;
        if (_wait >= Patience)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null) Model.SetWeights(_bestWeights);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Model!.Out.WriteLine($"Epoch {StoppedEpoch + 1:00000}: early stopping");
    }
}
