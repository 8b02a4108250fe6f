using Keras.Utils;
using Numpy;
using SkiaSharp;
using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// <c>keras.preprocessing.image</c>'s picture functions under Keras.NET's names, on SkiaSharp: <see cref="LoadImg"/>,
/// <see cref="ImageToArray"/>, <see cref="ArrayToImg"/>, <see cref="SaveImg"/>. They follow Keras 2.2 on PIL: RGB drops alpha, greyscale is PIL's
/// "L" (ITU-R 601-2 luma in PIL's integer arithmetic), resizing is nearest-neighbour (Keras's default, the one resampling here) and samples pixel
/// centres as PIL does, and EXIF orientation is not applied. Pictures declaring more pixels than PIL's decompression-bomb
/// limit are refused before decoding.
/// </summary>
public static class ImageUtil
{
    /// <summary>PIL's <c>Image.MAX_IMAGE_PIXELS</c>: pictures beyond it are treated as decompression bombs.</summary>
    public const long MaxImagePixels = 89_478_485;

    /// <summary>Loads a picture file as <c>load_img</c> does (Keras.NET's order of arguments).</summary>
    /// <param name="path">A PNG, JPEG, GIF, BMP, WebP or ICO file.</param>
    /// <param name="color_mode"><c>"rgb"</c>, <c>"rgba"</c> or <c>"grayscale"</c>.</param>
    /// <param name="target_size">(height, width) to resize to, or null to keep the picture's size.</param>
    /// <param name="interpolation"><c>"nearest"</c>, Keras's default and the one resampling KerasSharp has.</param>
    /// <param name="grayscale">Keras 2.2's older switch: true is <c>color_mode: "grayscale"</c>.</param>
    /// <returns>The picture in the asked mode and size.</returns>
    public static PixelImage LoadImg(string path, string color_mode = "rgb", Shape? target_size = null, string interpolation = "nearest",
                                     bool grayscale = false)
    {
        if (grayscale) color_mode = "grayscale";
        string mode = color_mode switch
        {
            "rgb" => "RGB",
            "rgba" => "RGBA",
            "grayscale" => "L",
            _ => throw new ArgumentException($"color_mode must be \"rgb\", \"rgba\" or \"grayscale\"; got \"{color_mode}\"."),
        };
        if (interpolation != "nearest")
            throw new ArgumentException($"interpolation \"{interpolation}\" is not supported; KerasSharp resizes with \"nearest\", Keras's default.");
        if (target_size is { Rank: not 2 })
            throw new ArgumentException($"target_size is (height, width); got {target_size}.");
        var image = Convert(Decode(path), mode);
        if (target_size is { } size && (size[1] != image.Width || size[0] != image.Height))
            image = ResizeNearest(image, size[1], size[0]);
        return image;
    }

    /// <summary>The picture as a float32 (height, width, channels) array of 0-255 values, as <c>img_to_array</c>.</summary>
    /// <param name="image">A picture.</param>
    /// <param name="data_format"><c>"channels_last"</c> (or empty, the default) or <c>"channels_first"</c> for (channels, height, width).</param>
    /// <returns>A new array.</returns>
    public static NDarray ImageToArray(PixelImage image, string data_format = "")
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bytes = tensor(image.Pixels, new long[] { image.Height, image.Width, image.Channels }, ScalarType.Byte);
        var values = bytes.to_type(ScalarType.Float32);
        return ChannelsFirst(data_format) ? values.permute(2, 0, 1).contiguous() : values;
    }

    /// <summary>
    /// A (height, width, channels) array as a picture, as <c>array_to_img</c>: 1 channel is "L", 3 "RGB", 4 "RGBA";
    /// with <paramref name="scale"/> the values are first moved to 0-255 (minus the minimum, over the maximum, times 255).
    /// </summary>
    /// <param name="array">A 3-D array.</param>
    /// <param name="data_format"><c>"channels_last"</c> (or empty, the default) or <c>"channels_first"</c>.</param>
    /// <param name="scale">Whether to rescale the values to 0-255 first; else they are clipped to 0-255.</param>
    /// <returns>The picture.</returns>
    public static PixelImage ArrayToImg(NDarray array, string data_format = "", bool scale = true)
    {
        ArgumentNullException.ThrowIfNull(array);
        using var x = ChannelsFirst(data_format) && array.ndim == 3 ? array.Tensor.permute(1, 2, 0) : array.Tensor.alias();
        if (x.dim() != 3 || x.shape[2] is not (1 or 3 or 4))
            throw new ArgumentException($"array_to_img takes a (height, width, channels) array with 1, 3 or 4 channels; got shape ({string.Join(", ", x.shape)}).");
        using var scope = NewDisposeScope();
        var values = x.to_type(ScalarType.Float64).cpu();
        if (scale)
        {
            values = values - values.min();
            double max = values.max().item<double>();
            if (max != 0) values = values / max;
            values = values * 255;
        }
        // Keras casts with astype('uint8') after scaling; values outside 0-255 are clipped first so they do not wrap.
        byte[] pixels = values.clamp(0, 255).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        string mode = x.shape[2] switch { 1 => "L", 3 => "RGB", _ => "RGBA" };
        return new PixelImage((int)x.shape[1], (int)x.shape[0], mode, pixels);
    }

    /// <summary>Saves an array as a picture, as <c>save_img</c>: PNG, or JPEG for .jpg and .jpeg names. Written atomically.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="x">A (height, width, channels) array.</param>
    /// <param name="data_format"><c>"channels_last"</c> (or empty, the default) or <c>"channels_first"</c>.</param>
    /// <param name="scale">As <see cref="ArrayToImg"/>.</param>
    public static void SaveImg(string path, NDarray x, string data_format = "", bool scale = true) => Save(ArrayToImg(x, data_format, scale), path);

    /// <summary>Saves a picture: PNG, or JPEG (quality 95) for .jpg and .jpeg names. Written atomically.</summary>
    /// <param name="img">The picture.</param>
    /// <param name="path">The file to write.</param>
    public static void Save(PixelImage img, string path)
    {
        ArgumentNullException.ThrowIfNull(img);
        bool jpeg = path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
        var rgba = img.Channels == 4 ? img : Convert(img, "RGBA");
        var info = new SKImageInfo(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba.Pixels, 0, bitmap.GetPixels(), rgba.Pixels.Length);
        using var data = bitmap.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, jpeg ? 95 : 100)
            ?? throw new IOException($"'{path}': the picture could not be encoded.");
        Utils.AtomicFile.Write(path, stream => data.SaveTo(stream));
    }

    private static bool ChannelsFirst(string dataFormat) => dataFormat switch
    {
        "" or "channels_last" => false,
        "channels_first" => true,
        _ => throw new ArgumentException($"data_format must be \"channels_last\" or \"channels_first\"; got \"{dataFormat}\"."),
    };

    /// <summary>Decodes a picture file to RGBA, refusing what is not a picture, is truncated or declares too many pixels.</summary>
    private static PixelImage Decode(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No picture at '{path}'.", path);
        using var file = SafeFile.OpenRead(path);
        using var codec = SKCodec.Create(file, out var result);
        if (codec is null)
            throw new InvalidDataException($"'{path}' is not a picture KerasSharp can read ({Describe(result)}); give a PNG, JPEG, GIF, BMP, WebP or ICO file.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxImagePixels)
            throw new InvalidDataException($"'{path}' declares {width}x{height} pixels, more than {PyFormat.Thousands(MaxImagePixels)} (PIL's limit): it may be a decompression bomb, so it is not decoded.");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
            throw new InvalidDataException($"'{path}' could not be decoded: {Describe(decoded)}.");
        return new PixelImage(width, height, "RGBA", bitmap.Bytes);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput => "the file is truncated or damaged",
        SKCodecResult.Unimplemented => "its format or variant is not supported",
        _ => "its format was not recognised",
    };

    /// <summary>PIL's <c>convert</c> between L, RGB and RGBA: alpha is dropped (not composited); L is (299 R + 587 G + 114 B) / 1000, rounded as PIL rounds.</summary>
    private static PixelImage Convert(PixelImage image, string mode)
    {
        if (image.Mode == mode) return image;
        int n = image.Width * image.Height, from = image.Channels;
        int to = mode switch { "L" => 1, "RGB" => 3, _ => 4 };
        var pixels = new byte[n * to];
        var source = image.Pixels;
        for (int i = 0; i < n; i++)
        {
            int s = i * from;
            byte r = source[s], g = from == 1 ? r : source[s + 1], b = from == 1 ? r : source[s + 2];
            if (to == 1)
            {
                pixels[i] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                continue;
            }
            pixels[i * to] = r;
            pixels[i * to + 1] = g;
            pixels[i * to + 2] = b;
            if (to == 4) pixels[i * to + 3] = from == 4 ? source[s + 3] : (byte)255;
        }
        return new PixelImage(image.Width, image.Height, mode, pixels);
    }

    /// <summary>
    /// PIL's nearest resize (ImagingScaleAffine): each target pixel takes the source pixel under its centre, the centres
    /// found by adding the scale step after step in double precision, as PIL does, so that ties fall as PIL's fall
    /// (8 to 10 columns: the eighth column reads source column 5, as 0.4 + 7 x 0.8 sums to just under 6).
    /// </summary>
    private static PixelImage ResizeNearest(PixelImage image, int width, int height)
    {
        int c = image.Channels;
        var pixels = new byte[width * height * c];
        var columns = new int[width];
        double xStep = (double)image.Width / width, yStep = (double)image.Height / height;
        double xo = xStep * 0.5;
        for (int x = 0; x < width; x++, xo += xStep) columns[x] = (int)xo;
        double yo = yStep * 0.5;
        for (int y = 0; y < height; y++, yo += yStep)
        {
            int sy = (int)yo;
            if (sy >= image.Height) continue; // PIL leaves such a row empty
            for (int x = 0; x < width; x++)
                if (columns[x] < image.Width) Array.Copy(image.Pixels, (sy * image.Width + columns[x]) * c, pixels, (y * width + x) * c, c);
        }
        return new PixelImage(width, height, image.Mode, pixels);
    }
}
