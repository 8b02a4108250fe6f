using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>GlobalAveragePooling1D</c>: the average of each channel over the steps, (timesteps, channels) to (channels).
/// As in Keras 2.2.4, a mask leaves the masked steps out of the average and stops there.
/// </summary>
public sealed class GlobalAveragePooling1D : GlobalPooling1D
{
    /// <summary>Pools each channel of sequences to its average.</summary>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>global_average_pooling1d_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public GlobalAveragePooling1D(Shape? input_shape = null, string? name = null, string? dtype = null) : base(input_shape, name, dtype)
    {
    }

    internal override Tensor Call(Tensor inputs, CallContext context) => inputs.mean(new long[] { 1 });

    internal override (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, CallContext context)
    {
        if (masks[0] is not { } mask) return base.Run(inputs, masks, context);
        // Keras's sum(x mask) / sum(mask): a sequence masked throughout averages to NaN there too.
        var weights = mask.to(inputs[0].dtype).unsqueeze(-1);
        return (new[] { (inputs[0] * weights).sum(1) / weights.sum(1) }, new Tensor?[] { null });
    }

    internal static GlobalAveragePooling1D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        CheckArguments(args);
        return new GlobalAveragePooling1D(inputShape, name);
    }
}
