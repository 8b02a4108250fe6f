using Keras.Models;

namespace Keras.Callbacks;

/// <summary>The callbacks of one Fit, called in order, as Keras's <c>CallbackList</c>.</summary>
internal sealed class CallbackList
{
    private readonly List<Callback> _callbacks;

    public CallbackList(IEnumerable<Callback> callbacks, BaseModel model, FitParams fitParams, TrainingState state)
    {
        _callbacks = callbacks.ToList();
        foreach (var callback in _callbacks)
        {
            callback.Model = model;
            callback.Params = fitParams;
            callback.State = state;
        }
        NeedsBatchValues = _callbacks.Any(c => c.NeedsBatchValues);
    }

    /// <summary>Whether any callback reads a batch's loss and metrics; if none does, batches never wait for them.</summary>
    public bool NeedsBatchValues { get; }

    public void OnTrainBegin(IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnTrainBegin(logs));
    public void OnTrainEnd(IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnTrainEnd(logs));
    public void OnEpochBegin(int epoch, IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnEpochBegin(epoch, logs));
    public void OnEpochEnd(int epoch, IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnEpochEnd(epoch, logs));
    public void OnBatchBegin(int batch, IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnBatchBegin(batch, logs));
    public void OnBatchEnd(int batch, IDictionary<string, double> logs) => _callbacks.ForEach(c => c.OnBatchEnd(batch, logs));
}
