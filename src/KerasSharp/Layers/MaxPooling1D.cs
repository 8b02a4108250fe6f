using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>MaxPooling1D</c> over (timesteps, channels) sequences.</summary>
public sealed class MaxPooling1D : Pooling1D
{
    /// <summary>Max pooling over windows of sequences.</summary>
    /// <param name="pool_size">The window's length; 2 by default.</param>
    /// <param name="strides">The window's step; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>, as in Keras.</param>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>max_pooling1d_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public MaxPooling1D(int pool_size = 2, int? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(pool_size, strides, padding, input_shape, name, dtype)
    {
    }

    // Padded steps must never win the max, as in Keras, so they are -inf.
    private protected override Tensor Pool(Tensor x) =>
        F.max_pool1d(Pads is null ? x : F.pad(x, Pads, value: double.NegativeInfinity), PoolSize, Strides);

    internal static MaxPooling1D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var (poolSize, strides, padding) = Arguments(args);
        return new MaxPooling1D(poolSize, strides, padding, inputShape, name);
    }
}
