using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Max pooling over (H, W, C) images: pool_size (2, 2), strides = pool_size, padding 'valid' by default.</summary>
public sealed class MaxPooling2D : Pooling2D
{
    /// <summary>Max pooling over windows of channels-last images.</summary>
    /// <param name="pool_size">Height and width of the window: an int or a pair; (2, 2) by default.</param>
    /// <param name="strides">Step of the window: an int or a pair; the pool size by default.</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (pad so that the output keeps the input's size at stride 1), as in Keras.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>max_pooling2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public MaxPooling2D(Shape? pool_size = null, Shape? strides = null, string padding = "valid", Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(pool_size, strides, padding, input_shape, name, dtype)
    {
    }

    internal static MaxPooling2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        var (poolSize, strides, padding) = Arguments(args);
        return new MaxPooling2D(poolSize, strides, padding, inputShape, name);
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        // Padded cells must never win the max, as in Keras, so they are -inf.
        var x = Pads is null ? inputs : F.pad(inputs, Pads, value: double.NegativeInfinity);
        return F.max_pool2d(x, Window, Step);
    }
}
