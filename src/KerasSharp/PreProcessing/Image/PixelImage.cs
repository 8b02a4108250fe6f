namespace Keras.PreProcessing.Image;

/// <summary>
/// A decoded picture, as <c>load_img</c> returns a PIL image: 8-bit pixels, row by row, in the mode's channel order.
/// </summary>
public sealed class PixelImage
{
    /// <summary>A picture from its pixels.</summary>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="mode">PIL's mode: <c>"L"</c> (grey, 1 channel), <c>"RGB"</c> (3) or <c>"RGBA"</c> (4).</param>
    /// <param name="pixels">width * height * channels bytes, row by row.</param>
    public PixelImage(int width, int height, string mode, byte[] pixels)
    {
        Channels = mode switch
        {
            "L" => 1,
            "RGB" => 3,
            "RGBA" => 4,
            _ => throw new ArgumentException($"Image mode '{mode}' is not supported; use \"L\", \"RGB\" or \"RGBA\"."),
        };
        if (width <= 0 || height <= 0) throw new ArgumentException($"An image needs a positive size; got {width}x{height}.");
        if (pixels.Length != (long)width * height * Channels)
            throw new ArgumentException($"A {width}x{height} {mode} image has {(long)width * height * Channels} bytes of pixels; got {pixels.Length}.");
        (Width, Height, Mode, Pixels) = (width, height, mode, pixels);
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>PIL's mode: "L", "RGB" or "RGBA".</summary>
    public string Mode { get; }

    /// <summary>Channels per pixel: 1, 3 or 4.</summary>
    public int Channels { get; }

    /// <summary>The pixels, row by row, channels interleaved.</summary>
    public byte[] Pixels { get; }

    /// <summary>(width, height), as PIL's <c>img.size</c>.</summary>
    public (int Width, int Height) Size => (Width, Height);
}
