using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>GlobalMaxPooling1D</c>: the max of each channel over the steps, (timesteps, channels) to (channels).</summary>
public sealed class GlobalMaxPooling1D : GlobalPooling1D
{
    /// <summary>Pools each channel of sequences to its largest value.</summary>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>global_max_pooling1d_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public GlobalMaxPooling1D(Shape? input_shape = null, string? name = null, string? dtype = null) : base(input_shape, name, dtype)
    {
    }

    internal override Tensor Call(Tensor inputs, CallContext context) => inputs.amax(new long[] { 1 });

    internal static GlobalMaxPooling1D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        CheckArguments(args);
        return new GlobalMaxPooling1D(inputShape, name);
    }
}
