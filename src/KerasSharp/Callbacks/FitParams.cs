namespace Keras.Callbacks;

/// <summary>What <c>Fit</c> was asked to do, as Keras's <c>callback.params</c>.</summary>
/// <param name="Epochs">The epoch Fit trains up to.</param>
/// <param name="Samples">Training samples per epoch.</param>
/// <param name="BatchSize">Samples per batch.</param>
/// <param name="Steps">Batches per epoch.</param>
/// <param name="Verbose">Fit's verbose.</param>
/// <param name="DoValidation">Whether each epoch ends with validation.</param>
/// <param name="Metrics">The names logged per epoch: loss, the metrics, and their val_ forms.</param>
/// <param name="CountSteps">Whether progress counts batches (steps), as Keras's fit_generator does, rather than samples.</param>
public sealed record FitParams(int Epochs, long Samples, int BatchSize, long Steps, int Verbose, bool DoValidation, IReadOnlyList<string> Metrics,
    bool CountSteps = false);
