using Keras.Models;

namespace Keras.Callbacks;

/// <summary>
/// Hooks into <see cref="Sequential.Fit"/>. Override what you need; <c>logs</c> holds the batch's or
/// epoch's values (<c>loss</c>, <c>acc</c>, <c>val_loss</c>, <c>val_acc</c>, and <c>size</c> for batches).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set before training starts.</summary>
    public Sequential? Model { get; internal set; }

    /// <summary>The training parameters; set before training starts.</summary>
    public FitParams? Params { get; internal set; }

    /// <summary>The running Fit's state (its History, the epoch it starts from, the epoch's progress); set before training starts.</summary>
    public TrainingState? State { get; internal set; }

    public virtual void OnTrainBegin(IDictionary<string, double> logs) { }
    public virtual void OnTrainEnd(IDictionary<string, double> logs) { }
    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs) { }
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs) { }
    public virtual void OnBatchBegin(int batch, IDictionary<string, double> logs) { }
    public virtual void OnBatchEnd(int batch, IDictionary<string, double> logs) { }

    /// <summary>
    /// Whether this callback reads the loss and metrics in <c>OnBatchEnd</c>'s logs. They are there by default, as in
    /// Keras; a callback that does not read them says so (false), and when no callback of a Fit reads them, batches
    /// never wait for the device to report them.
    /// </summary>
    protected internal virtual bool NeedsBatchValues => true;
}
