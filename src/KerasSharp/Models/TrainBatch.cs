using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// One training batch as the fit loop takes it, from arrays or from a generator: its index in the epoch, whether it ends
/// the epoch, and how to get its inputs and targets. What <see cref="Take"/> returns was made for this step alone (a
/// view or a gathered copy of arrays, a generator's batch), and the loop frees it after the step.
/// </summary>
internal readonly record struct TrainBatch(int Index, bool Last, Func<(Tensor X, Tensor Y)> Take);
