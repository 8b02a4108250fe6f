namespace Keras.Callbacks;

/// <summary>Keras's LambdaCallback: a callback made of functions given on the spot, each optional.</summary>
/// <param name="on_epoch_begin">Called with the epoch and its logs at each epoch's start.</param>
/// <param name="on_epoch_end">Called with the epoch and its logs at each epoch's end.</param>
/// <param name="on_batch_begin">Called with the batch and its logs before each batch.</param>
/// <param name="on_batch_end">Called with the batch and its logs after each batch.</param>
/// <param name="on_train_begin">Called with the logs when training starts.</param>
/// <param name="on_train_end">Called with the logs when training ends.</param>
public sealed class LambdaCallback(
    Action<int, IDictionary<string, double>>? on_epoch_begin = null, Action<int, IDictionary<string, double>>? on_epoch_end = null,
    Action<int, IDictionary<string, double>>? on_batch_begin = null, Action<int, IDictionary<string, double>>? on_batch_end = null,
    Action<IDictionary<string, double>>? on_train_begin = null, Action<IDictionary<string, double>>? on_train_end = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => on_epoch_begin?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => on_epoch_end?.Invoke(epoch, logs);
    /// <inheritdoc/>
    public override void OnBatchBegin(int batch, IDictionary<string, double> logs) => on_batch_begin?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, IDictionary<string, double> logs) => on_batch_end?.Invoke(batch, logs);
    /// <inheritdoc/>
    public override void OnTrainBegin(IDictionary<string, double> logs) => on_train_begin?.Invoke(logs);
    /// <inheritdoc/>
    public override void OnTrainEnd(IDictionary<string, double> logs) => on_train_end?.Invoke(logs);

    /// <summary>Batch values are read only when a batch function is given, so that without one batches never wait for the device.</summary>
    protected internal override bool NeedsBatchValues => on_batch_end is not null || on_batch_begin is not null;
}
