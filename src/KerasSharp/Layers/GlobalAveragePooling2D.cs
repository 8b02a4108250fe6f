using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>GlobalAveragePooling2D</c>: the average of each channel over height and width, (H, W, C) to (C).</summary>
public sealed class GlobalAveragePooling2D : GlobalPooling2D
{
    /// <summary>Pools each channel of channels-last images to its average.</summary>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public GlobalAveragePooling2D(Shape? input_shape = null, string? name = null, string? dtype = null) : base(input_shape, name, dtype)
    {
    }

    // Engine images are (N, C, H, W): the pooled (N, C) is already Keras's layout.
    internal override Tensor Call(Tensor inputs, CallContext context) => inputs.mean(new long[] { 2, 3 });

    internal static GlobalAveragePooling2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        CheckArguments(args);
        return new GlobalAveragePooling2D(inputShape, name);
    }
}
