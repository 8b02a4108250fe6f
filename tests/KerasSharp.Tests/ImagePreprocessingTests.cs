using System.Text.Json;
using Keras.PreProcessing.Image;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras.Preprocessing.Image against Keras 2.2's load_img and img_to_array run with PIL (python-env/load_img.py):
/// the same arrays for RGB, RGBA and greyscale pictures, kept, shrunk and enlarged; lossless round trips through
/// SaveImg; and bad pictures refused with their name.
/// </summary>
public class ImagePreprocessingTests
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-img-").FullName;

    /// <summary>A picture of random pixels, saved as PNG.</summary>
    private static (string Path, Tensor Pixels) RandomPicture(string folder, string name, int height, int width, int channels, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[height * width * channels];
        random.NextBytes(bytes);
        var pixels = tensor(bytes, new long[] { height, width, channels }, ScalarType.Byte).to_type(ScalarType.Float32);
        string path = Path.Combine(folder, name);
        ImageUtil.SaveImg(path, pixels, scale: false);
        return (path, pixels);
    }

    [SkippableTheory]
    [InlineData("rgb", 3, null, null)]
    [InlineData("grayscale", 3, null, null)]
    [InlineData("rgb", 4, 15, 20)]
    [InlineData("grayscale", 4, 50, 61)]
    [InlineData("rgba", 4, 9, 40)]
    [InlineData("grayscale", 1, 28, 28)]
    [InlineData("rgb", 1, 32, 32)]
    // From an even size, centres can fall exactly on a pixel edge, where PIL's summed steps decide (8 to 10, 24 to 30).
    [InlineData("rgb", 3, 10, 30, 8, 24)]
    [InlineData("grayscale", 1, 5, 9, 24, 36)]
    public void Load_img_and_img_to_array_give_what_keras_gives_with_pil(string colorMode, int channels, int? height, int? width, int sourceHeight = 23, int sourceWidth = 37)
    {
        PythonEnvironment.Require("numpy", "PIL");
        string folder = Folder();
        var (path, _) = RandomPicture(folder, "picture.png", sourceHeight, sourceWidth, channels, seed: channels * 100 + (height ?? 0));
        var args = new List<string> { path, colorMode };
        if (height is int h && width is int w) args.AddRange(new[] { h.ToString(), w.ToString() });
        var expected = JsonDocument.Parse(PythonEnvironment.Script("load_img.py", args.ToArray())).RootElement;

        var img = ImageUtil.LoadImg(path, color_mode: colorMode, target_size: height is int th && width is int tw ? new Keras.Shape(th, tw) : null);
        using var x = ImageUtil.ImageToArray(img).Tensor;
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), x.shape);
        Assert.Equal(expected.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()), x.reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void Pictures_round_trip_exactly_through_png_and_save_img_scales_as_keras()
    {
        string folder = Folder();
        var (path, pixels) = RandomPicture(folder, "grey.png", 28, 28, 1, seed: 3);
        using var back = ImageUtil.ImageToArray(ImageUtil.LoadImg(path, grayscale: true));
        Assert.True(pixels.allclose(back, rtol: 0, atol: 0));

        // array_to_img(scale=True): minus the minimum, over the maximum, times 255.
        using var ramp = arange(0, 4, dtype: ScalarType.Float32).reshape(1, 4, 1) * 0.5 + 1;
        var img = ImageUtil.ArrayToImg(ramp);
        Assert.Equal(new byte[] { 0, 85, 170, 255 }, img.Pixels);
        Assert.Equal(("L", (4, 1)), (img.Mode, img.Size));
    }

    [Fact]
    public void Nearest_resizing_samples_pixel_centres()
    {
        string folder = Folder();
        var (path, pixels) = RandomPicture(folder, "small.png", 5, 7, 1, seed: 8);
        using var doubled = pixels.repeat_interleave(2, 0).repeat_interleave(2, 1);
        string big = Path.Combine(folder, "big.png");
        ImageUtil.SaveImg(big, doubled, scale: false);
        using var halved = ImageUtil.ImageToArray(ImageUtil.LoadImg(big, color_mode: "grayscale", target_size: (5, 7)));
        Assert.True(pixels.allclose(halved, rtol: 0, atol: 0));
    }

    [Fact]
    public void Bad_pictures_are_refused_with_their_name()
    {
        string folder = Folder();
        void Refused(string path, string message)
        {
            var e = Assert.ThrowsAny<Exception>(() => ImageUtil.LoadImg(path));
            Assert.True(e is InvalidDataException or FileNotFoundException, e.ToString());
            Assert.Contains(path, e.Message);
            Assert.Contains(message, e.Message);
        }

        string text = Path.Combine(folder, "text.png");
        File.WriteAllText(text, "not a picture");
        Refused(text, "is not a picture KerasSharp can read");

        var (good, _) = RandomPicture(folder, "good.png", 64, 64, 3, seed: 1);
        string truncated = Path.Combine(folder, "truncated.png");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..(int)(new FileInfo(good).Length / 2)]);
        Refused(truncated, "truncated or damaged");

        // A PNG whose header declares 30000 x 30000 pixels over a few bytes of data: a decompression bomb.
        string bomb = Path.Combine(folder, "bomb.png");
        File.WriteAllBytes(bomb, PngHeaderOnly(30_000, 30_000));
        Refused(bomb, "decompression bomb");

        string tiff = Path.Combine(folder, "picture.tif");
        File.WriteAllBytes(tiff, new byte[] { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0 });
        Refused(tiff, "give a PNG, JPEG, GIF, BMP, WebP or ICO file");

        Refused(Path.Combine(folder, "absent.png"), "No picture at");
        Assert.Throws<ArgumentException>(() => ImageUtil.LoadImg(good, interpolation: "bicubic"));
    }

    /// <summary>A PNG signature and an IHDR chunk (8-bit RGB) declaring the given size, followed by an empty IDAT and IEND.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        static byte[] BigEndian(int v) => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v };
        static byte[] Chunk(string type, byte[] data)
        {
            var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            uint crc = 0xFFFFFFFF;
            foreach (byte b in typed)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
            return BigEndian(data.Length).Concat(typed).Concat(BigEndian((int)~crc)).ToArray();
        }
        var ihdr = BigEndian(width).Concat(BigEndian(height)).Concat(new byte[] { 8, 2, 0, 0, 0 }).ToArray();
        return new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }.Concat(Chunk("IHDR", ihdr)).Concat(Chunk("IDAT", Array.Empty<byte>())).Concat(Chunk("IEND", Array.Empty<byte>())).ToArray();
    }
}
