using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>
/// Keras 2.2's LearningRateScheduler: at the start of each epoch the learning rate becomes what <c>schedule</c> gives
/// for the epoch (0-based) and the current rate.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;

    /// <summary>Sets the learning rate from the epoch and the current rate, as Keras's <c>schedule(epoch, lr)</c>.</summary>
    /// <param name="schedule">The rate for an epoch (0-based), given the current one.</param>
    /// <param name="verbose">1 to print the rate set at each epoch.</param>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Verbose = verbose;
    }

    /// <summary>Sets the learning rate from the epoch alone, as Keras's older <c>schedule(epoch)</c>.</summary>
    /// <param name="schedule">The rate for an epoch (0-based).</param>
    /// <param name="verbose">1 to print the rate set at each epoch.</param>
    public LearningRateScheduler(Func<int, double> schedule, int verbose = 0)
        : this(schedule is null ? throw new ArgumentNullException(nameof(schedule)) : (epoch, _) => schedule(epoch), verbose)
    {
    }

    /// <summary>1 to print the rate set at each epoch.</summary>
    public int Verbose { get; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
        var optimizer = Model!.Optimizer!;
        double lr = _schedule(epoch, optimizer.Lr);
        optimizer.Lr = lr;
        if (Verbose > 0) Model.Out.WriteLine($"\nEpoch {epoch + 1:00000}: LearningRateScheduler setting learning rate to {PyFormat.Repr(lr)}.");
    }
}
