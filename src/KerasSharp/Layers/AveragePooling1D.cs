using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>AveragePooling1D</c> over (timesteps, channels) sequences; with 'same' padding a window reaching past an
/// end averages the steps it covers only, as TensorFlow's average pooling does.
/// </summary>
public sealed class AveragePooling1D : Pooling1D
{
    /// <summary>Average pooling over windows of sequences.</summary>
    /// <param name="pool_size">The window's length; 2 by default.</param>
    /// <param name="strides">The window's step; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>, as in Keras.</param>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>average_pooling1d_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public AveragePooling1D(int pool_size = 2, int? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(pool_size, strides, padding, input_shape, name, dtype)
    {
    }

    private protected override Tensor Pool(Tensor x)
    {
        if (Pads is null) return F.avg_pool1d(x, PoolSize, Strides);
        // The padded steps count for nothing: each window's sum divided by how many real steps it covers.
        using var covered = F.pad(ones_like(x.narrow(1, 0, 1)), Pads);
        return F.avg_pool1d(F.pad(x, Pads), PoolSize, Strides) / F.avg_pool1d(covered, PoolSize, Strides);
    }

    internal static AveragePooling1D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var (poolSize, strides, padding) = Arguments(args);
        return new AveragePooling1D(poolSize, strides, padding, inputShape, name);
    }
}
