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

    public string Monitor { get; }
    public int Patience { get; }
    public int Verbose { get; }
    public double? Baseline { get; }
    public bool RestoreBestWeights { get; }

    /// <summary>The epoch (0-based) at which training was stopped, or 0 if it was not.</summary>
    public int StoppedEpoch { get; private set; }

    protected internal override bool NeedsBatchValues => false;

    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        _best = Baseline ?? (_greater ? double.NegativeInfinity : double.PositiveInfinity);
    }

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

    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Model!.Out.WriteLine($"Epoch {StoppedEpoch + 1:00000}: early stopping");
    }
}
