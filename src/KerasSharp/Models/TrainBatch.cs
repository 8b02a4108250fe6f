namespace Keras.Models;

/// <summary>
/// One training batch as the fit loop takes it, from arrays or from a generator: its index in the epoch, whether it ends
/// the epoch, and how to get its arrays. What <see cref="Take"/> returns was made for this step alone (views or gathered
/// copies of arrays, a generator's batch), and the loop frees it after the step.
/// </summary>
internal readonly record struct TrainBatch(int Index, bool Last, Func<DataArrays> Take);
