namespace Keras.Callbacks;

/// <summary>
/// Keras 2.2's ReduceLROnPlateau: when <c>monitor</c> has not improved by more than <c>min_delta</c> for
/// <c>patience</c> epochs, the learning rate is multiplied by <c>factor</c> (never below <c>min_lr</c>), then
/// <c>cooldown</c> epochs pass before waiting starts again. Each epoch's logs get the learning rate as <c>lr</c>.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly bool _greater;
    private double _best;
    private int _wait, _cooldownCounter;

    /// <summary>Lowers the learning rate when a monitored value stops improving.</summary>
    /// <param name="monitor">The logged value to watch; <c>val_loss</c> by default.</param>
    /// <param name="factor">What the learning rate is multiplied by; below 1.</param>
    /// <param name="patience">Epochs without improvement before the rate drops.</param>
    /// <param name="verbose">1 to print a line when the rate drops.</param>
    /// <param name="mode"><c>min</c>, <c>max</c> or <c>auto</c> (max for accuracies, min otherwise).</param>
    /// <param name="min_delta">The least change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a drop before counting again.</param>
    /// <param name="min_lr">The learning rate never goes below this.</param>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, string mode = "auto",
        double min_delta = 1e-4, int cooldown = 0, double min_lr = 0)
    {
        if (factor >= 1.0) throw new ArgumentException("ReduceLROnPlateau does not support a factor >= 1.0.");
        if (patience < 0 || cooldown < 0) throw new ArgumentException("patience and cooldown must not be negative.");
        (Monitor, Factor, Patience, Verbose, MinDelta, Cooldown, MinLr) = (monitor, factor, patience, verbose, min_delta, cooldown, min_lr);
        _greater = MonitorMode.GreaterIsBetter(mode, monitor);
    }

    /// <summary>The logged value watched.</summary>
    public string Monitor { get; }
    /// <summary>What the learning rate is multiplied by.</summary>
    public double Factor { get; }
    /// <summary>Epochs without improvement before the rate drops.</summary>
    public int Patience { get; }
    /// <summary>1 to print a line when the rate drops.</summary>
    public int Verbose { get; }
    /// <summary>The least change that counts as an improvement.</summary>
    public double MinDelta { get; }
    /// <summary>Epochs to wait after a drop.</summary>
    public int Cooldown { get; }
    /// <summary>The lowest learning rate.</summary>
    public double MinLr { get; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _best = _greater ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        var optimizer = Model!.Optimizer!;
        logs["lr"] = optimizer.Lr;
        if (!logs.TryGetValue(Monitor, out double current))
        {
            Warnings.Warn($"Reduce LR on plateau conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }
        bool inCooldown = _cooldownCounter > 0;
        if (inCooldown)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (_greater ? current > _best + MinDelta : current < _best - MinDelta)
        {
            _best = current;
            _wait = 0;
        }
        else if (!inCooldown && ++_wait >= Patience && optimizer.Lr > MinLr)
        {
            double lr = Math.Max(optimizer.Lr * Factor, MinLr);
            optimizer.Lr = lr;
            if (Verbose > 0) Model.Out.WriteLine($"\nEpoch {epoch + 1:00000}: ReduceLROnPlateau reducing learning rate to {Utils.PyFormat.Repr(lr)}.");
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }
}
