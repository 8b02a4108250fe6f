using Keras.Models;

namespace Keras.Callbacks;

/// <summary>
/// Hooks into <c>Sequential.Fit</c>. Override what you need; <c>logs</c> holds the batch's or
/// epoch's values (<c>loss</c>, <c>acc</c>, <c>val_loss</c>, <c>val_acc</c>, and <c>size</c> for batches).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set before training starts.</summary>
    public BaseModel? Model { get; internal set; }

    /// <summary>The training parameters; set before training starts.</summary>
    public FitParams? Params { get; internal set; }

    /// <summary>The running Fit's state (its History, the epoch it starts from, the epoch's progress); set before training starts.</summary>
    public TrainingState? State { get; internal set; }

    /// <summary>Called once when Fit starts, before the first epoch.</summary>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnTrainBegin(IDictionary<string, double> logs) { }
    /// <summary>Called once when Fit ends, after the last epoch or when training was stopped.</summary>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnTrainEnd(IDictionary<string, double> logs) { }
    /// <summary>Called at the start of each epoch.</summary>
    /// <param name="epoch">The epoch's index, counted from 0.</param>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs) { }
    /// <summary>Called at the end of each epoch, after validation, with the epoch's means in <paramref name="logs"/>.</summary>
    /// <param name="epoch">The epoch's index, counted from 0.</param>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs) { }
    /// <summary>Called before each training batch.</summary>
    /// <param name="batch">The batch's index within its epoch, counted from 0.</param>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnBatchBegin(int batch, IDictionary<string, double> logs) { }
    /// <summary>Called after each training batch, with the batch's loss and metrics in <paramref name="logs"/> unless no callback reads them (<see cref="NeedsBatchValues"/>).</summary>
    /// <param name="batch">The batch's index within its epoch, counted from 0.</param>
    /// <param name="logs">The epoch's or batch's values: <c>loss</c> and the metrics (<c>acc</c>, <c>val_loss</c>, <c>val_acc</c>), and for batches <c>batch</c> and <c>size</c>. Callbacks may add entries.</param>
    public virtual void OnBatchEnd(int batch, IDictionary<string, double> logs) { }

    /// <summary>
    /// Whether this callback reads the loss and metrics in <c>OnBatchEnd</c>'s logs. They are there by default, as in
    /// Keras; a callback that does not read them says so (false), and when no callback of a Fit reads them, batches
    /// never wait for the device to report them.
    /// </summary>
    protected internal virtual bool NeedsBatchValues => true;
}
