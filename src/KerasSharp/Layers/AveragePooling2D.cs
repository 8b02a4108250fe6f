using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>AveragePooling2D</c> over (H, W, C) images: pool_size (2, 2), strides = pool_size, padding 'valid' by
/// default. With 'same' padding a window that reaches past the edge averages the pixels it covers only, as
/// TensorFlow's average pooling does, also when Keras pads one more pixel after than before.
/// </summary>
public sealed class AveragePooling2D : Pooling2D
{
    /// <summary>Average pooling over windows of channels-last images.</summary>
    /// <param name="pool_size">Height and width of the window: an int or a pair; (2, 2) by default.</param>
    /// <param name="strides">Step of the window: an int or a pair; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c>, as in Keras.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public AveragePooling2D(Shape? pool_size = null, Shape? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(pool_size, strides, padding, input_shape, name, dtype)
    {
    }

    internal static AveragePooling2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var (poolSize, strides, padding) = Arguments(args);
        return new AveragePooling2D(poolSize, strides, padding, inputShape, name);
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        if (Pads is null) return F.avg_pool2d(inputs, Window, Step);
        // The padded cells count for nothing: the sum over each window divided by how many real pixels it covers.
        using var covered = F.pad(ones_like(inputs.narrow(1, 0, 1)), Pads);
        return F.avg_pool2d(F.pad(inputs, Pads), Window, Step) / F.avg_pool2d(covered, Window, Step);
    }
}
