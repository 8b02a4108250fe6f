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

    public virtual void OnTrainBegin(IDictionary<string, double> logs) { }
    public virtual void OnTrainEnd(IDictionary<string, double> logs) { }
    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs) { }
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs) { }
    public virtual void OnBatchBegin(int batch, IDictionary<string, double> logs) { }
    public virtual void OnBatchEnd(int batch, IDictionary<string, double> logs) { }

    /// <summary>Whether this callback reads per-batch values; if none does, Fit never waits for them.</summary>
    protected internal virtual bool NeedsBatchValues => GetType().GetMethod(nameof(OnBatchEnd))!.DeclaringType != typeof(Callback);
}
