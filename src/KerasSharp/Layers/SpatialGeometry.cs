namespace Keras.Layers;

/// <summary>Keras's output-size and padding arithmetic for convolution and pooling windows.</summary>
internal static class SpatialGeometry
{
    public readonly record struct AxisGeometry(int Output, int Before, int After);

    public static (int, int) Pair(Shape value, string what) => value.Rank switch
    {
        1 => (value[0], value[0]),
        2 => (value[0], value[1]),
        _ => throw new ArgumentException($"{what} must be an int or a pair of ints; got {value}."),
    };

    /// <summary>Keras's <c>normalize_padding</c>: 'valid' or 'same', or 'causal' for a layer that takes it, in any case, lower-cased.</summary>
    public static string ValidatePadding(string padding, bool causal = false) => padding?.ToLowerInvariant() switch
    {
        "valid" => "valid",
        "same" => "same",
        "causal" when causal => "causal",
        _ => throw new ArgumentException(causal ? $"padding must be 'valid', 'same' or 'causal'; got '{padding}'." : $"padding must be 'valid' or 'same'; got '{padding}'."),
    };

    public static void RequireImage(Shape input, Layer layer)
    {
        if (input.Rank != 3)
            throw new ArgumentException(
                $"Layer '{layer.Name}' ({layer.GetType().Name}) expects images of shape (height, width, channels), " +
                $"but its input has shape {input}. Reshape the data or give input_shape=(H, W, C).");
    }

    /// <summary>
    /// valid: (n - k' + s) / s; same: ceil(n / s), padded by max((out - 1) s + k' - n, 0), half before
    /// (rounded down) and the rest after; k' = k + (k - 1)(d - 1).
    /// </summary>
    public static AxisGeometry Axis(int n, int k, int s, int d, string padding, Layer layer)
    {
        if (k <= 0 || s <= 0 || d <= 0)
            throw new ArgumentException($"Layer '{layer.Name}': window, strides and dilation must be positive.");
        int effective = k + (k - 1) * (d - 1);
        if (padding == "valid")
        {
            int output = (n - effective + s) / s;
            if (n < effective)
                throw new ArgumentException(
                    $"Layer '{layer.Name}' ({layer.GetType().Name}): a window of {effective} does not fit an input of {n} " +
                    "with padding='valid'. Use padding='same', a smaller window, or fewer downsampling layers before it.");
            return new AxisGeometry(output, 0, 0);
        }
        int same = (n + s - 1) / s;
        int total = Math.Max((same - 1) * s + effective - n, 0);
        return new AxisGeometry(same, total / 2, total - total / 2);
    }
}
