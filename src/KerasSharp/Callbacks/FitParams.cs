namespace Keras.Callbacks;

/// <summary>What <c>Fit</c> was asked to do, as Keras's <c>callback.params</c>.</summary>
public sealed record FitParams(int Epochs, long Samples, int BatchSize, long Steps, int Verbose, bool DoValidation, IReadOnlyList<string> Metrics);
