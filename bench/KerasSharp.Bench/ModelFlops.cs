using Keras.Layers;
using Keras.Models;

namespace KerasSharp.Bench;

/// <summary>
/// Floating-point operations of a network, counted as multiply-adds x 2: a Conv2D costs
/// 2 kh kw c_in c_out h_out w_out per image, a Dense 2 in out; everything else (activations, pooling,
/// dropout) is left out. A training step is counted as 3 forward passes (the backward pass computes
/// gradients for inputs and weights, about twice the forward work).
/// </summary>
internal static class ModelFlops
{
    public static double ForwardPerImage(Sequential model) => model.Layers.Sum(layer => layer switch
    {
        Conv2D c => 2.0 * c.KernelSize.Item1 * c.KernelSize.Item2 * c.InputShape[-1] * c.Filters * c.OutputShape[0] * c.OutputShape[1],
        Dense d => 2.0 * d.InputShape[-1] * d.Units,
        _ => 0.0,
    });

    public static double TrainingStep(Sequential model, int batch) => 3 * ForwardPerImage(model) * batch;
}
