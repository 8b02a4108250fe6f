namespace Keras.Models;

/// <summary>What Fit validates on after each epoch: batches of arrays (with their number of samples, which Fit announces) or of a generator.</summary>
internal sealed record Validation(long? Samples, Func<IEnumerable<DataArrays>> Batches);
