using Numpy;
using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// Keras's <c>ImageDataGenerator</c> with the augmentations of Keras's CIFAR-10 example and the geometric ones beside
/// them: random rotation, shifts, zoom and flips of channels-last pictures, with Keras's definitions (see
/// <see cref="AffineTransform"/> for the fill modes), then <c>rescale</c>. <see cref="Flow"/> gives augmented batches of
/// arrays and <see cref="FlowFromDirectory"/> of picture files in a folder per class, for <c>Fit</c> and
/// <c>FitGenerator</c>. The random draws come from a generator seeded by the Keras seed (<c>Util.SetRandomSeed</c>) or
/// by the flow's <c>seed</c>, so a run repeats exactly.
/// </summary>
public sealed class ImageDataGenerator
{
    /// <summary>Augmentation settings, as Keras's arguments of the same names.</summary>
    /// <param name="rotation_range">Degrees: each picture turns by a uniform angle in [-range, range].</param>
    /// <param name="width_shift_range">Below 1, a fraction of the width; from 1, pixels: a uniform shift in [-range, range].</param>
    /// <param name="height_shift_range">As <paramref name="width_shift_range"/>, along the height.</param>
    /// <param name="zoom_range">z: each axis is zoomed by a uniform factor in [1 - z, 1 + z], the two drawn apart.</param>
    /// <param name="fill_mode">How points outside the picture are filled: "nearest" (default), "constant", "reflect" or "wrap".</param>
    /// <param name="cval">The value outside the picture with fill_mode "constant".</param>
    /// <param name="horizontal_flip">Whether half the pictures, at random, are mirrored left to right.</param>
    /// <param name="vertical_flip">Whether half the pictures, at random, are turned upside down.</param>
    /// <param name="rescale">A factor applied to every value after the transforms, such as <c>1.0 / 255</c>; none by default.</param>
    /// <param name="validation_split">The fraction of each class's pictures that <see cref="FlowFromDirectory"/>'s <c>subset: "validation"</c> takes (the first ones); <c>"training"</c> takes the rest.</param>
    public ImageDataGenerator(double rotation_range = 0, double width_shift_range = 0, double height_shift_range = 0, double zoom_range = 0,
        string fill_mode = "nearest", double cval = 0, bool horizontal_flip = false, bool vertical_flip = false, double? rescale = null,
        double validation_split = 0)
    {
        if (rescale is double r && !double.IsFinite(r)) throw new ArgumentException($"rescale must be a finite number; got {r}.");
        if (validation_split is < 0 or >= 1 || double.IsNaN(validation_split))
            throw new ArgumentException($"validation_split must be in [0, 1); got {validation_split}.");
        (Rescale, ValidationSplit) = (rescale is 0 ? null : rescale, validation_split);
        foreach (var (name, value) in new[] { ("rotation_range", rotation_range), ("width_shift_range", width_shift_range), ("height_shift_range", height_shift_range), ("zoom_range", zoom_range) })
            if (value < 0 || !double.IsFinite(value)) throw new ArgumentException($"{name} must be a non-negative number; got {value}.");
        if (!AffineTransform.FillModes.Contains(fill_mode))
            throw new ArgumentException($"fill_mode must be one of {string.Join(", ", AffineTransform.FillModes.Select(m => $"\"{m}\""))}; got \"{fill_mode}\".");
        (RotationRange, WidthShiftRange, HeightShiftRange, ZoomRange) = (rotation_range, width_shift_range, height_shift_range, zoom_range);
        (FillMode, Cval, HorizontalFlip, VerticalFlip) = (fill_mode, cval, horizontal_flip, vertical_flip);
    }

    /// <summary>Rotation range in degrees.</summary>
    public double RotationRange { get; }

    /// <summary>Width shift range (a fraction below 1, else pixels).</summary>
    public double WidthShiftRange { get; }

    /// <summary>Height shift range (a fraction below 1, else pixels).</summary>
    public double HeightShiftRange { get; }

    /// <summary>Zoom range z: factors in [1 - z, 1 + z].</summary>
    public double ZoomRange { get; }

    /// <summary>The fill mode.</summary>
    public string FillMode { get; }

    /// <summary>The constant fill value.</summary>
    public double Cval { get; }

    /// <summary>Whether pictures are mirrored left to right at random.</summary>
    public bool HorizontalFlip { get; }

    /// <summary>Whether pictures are turned upside down at random.</summary>
    public bool VerticalFlip { get; }

    /// <summary>The factor applied after the transforms; null for none (Keras treats 0 as none too).</summary>
    public double? Rescale { get; }

    /// <summary>The fraction of each class that FlowFromDirectory's validation subset takes.</summary>
    public double ValidationSplit { get; }

    /// <summary>Random parameters for one picture of this shape, as Keras's <c>get_random_transform</c>.</summary>
    /// <param name="img_shape">(height, width, channels).</param>
    /// <param name="seed">A seed for these draws, or null to take one from the Keras seed's sequence.</param>
    /// <returns>The parameters.</returns>
    public TransformParameters GetRandomTransform(Shape img_shape, long? seed = null)
    {
        using var generator = new Generator(unchecked((ulong)(seed ?? Session.Current.Random.NextSeed())));
        return Draw(1, img_shape[0], img_shape[1], generator)[0];
    }

    /// <summary>One picture (H, W, C) transformed as the parameters say, as Keras's <c>apply_transform</c>.</summary>
    /// <param name="x">A picture, channels last.</param>
    /// <param name="transform_parameters">What to do to it.</param>
    /// <returns>A new float32 tensor.</returns>
    public Tensor ApplyTransform(Tensor x, TransformParameters transform_parameters)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(transform_parameters);
        if (x.dim() != 3) throw new ArgumentException($"apply_transform takes one picture (height, width, channels); got shape ({string.Join(", ", x.shape)}).");
        using var batch = x.unsqueeze(0);
        using var result = AffineTransform.Apply(batch, new[] { transform_parameters }, FillMode, Cval);
        return result[0].clone();
    }

    /// <summary>One picture with a random transform, as Keras's <c>random_transform</c>.</summary>
    /// <param name="x">A picture (H, W, C).</param>
    /// <param name="seed">A seed for the draws, or null to take one from the Keras seed's sequence.</param>
    /// <returns>A new float32 tensor.</returns>
    public Tensor RandomTransform(Tensor x, long? seed = null) => ApplyTransform(x, GetRandomTransform(x.shape.Select(d => (int)d).ToArray(), seed));

    /// <summary>
    /// Batches of augmented pictures and their targets, endlessly, as Keras's <c>flow</c>: each pass over the data is
    /// reshuffled (with <paramref name="shuffle"/>); <c>Length</c> batches make one pass. Give it to <c>Fit</c>.
    /// The arrays must stay alive while the iterator is used.
    /// </summary>
    /// <param name="x">Pictures (N, H, W, C), channels last.</param>
    /// <param name="y">Targets (N, ...).</param>
    /// <param name="batch_size">Pictures per batch.</param>
    /// <param name="shuffle">Whether each pass goes through the pictures in a new random order.</param>
    /// <param name="seed">A seed for the order and the augmentations, or null to take one from the Keras seed's sequence.</param>
    /// <returns>The iterator; dispose it when done to stop its background thread.</returns>
    public NumpyArrayIterator Flow(Tensor x, Tensor y, int batch_size = 32, bool shuffle = true, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 4) throw new ArgumentException($"flow takes pictures (samples, height, width, channels); got shape ({string.Join(", ", x.shape)}).");
        if (y.dim() == 0 || y.shape[0] != x.shape[0])
            throw new ArgumentException($"flow needs as many targets as pictures; got {x.shape[0]} pictures and {(y.dim() == 0 ? 0 : y.shape[0])} targets.");
        if (x.shape[0] == 0) throw new ArgumentException("flow got no pictures.");
        if (batch_size <= 0) throw new ArgumentException($"batch_size must be positive; got {batch_size}.");
        return new NumpyArrayIterator(this, x, y, batch_size, shuffle, seed ?? Session.Current.Random.NextSeed());
    }

    /// <summary>
    /// Batches of augmented pictures read from a folder per class, as Keras's <c>flow_from_directory</c>: the classes are
    /// the subfolders (sorted, or <paramref name="classes"/>), their pictures (png, jpg, jpeg, bmp, ppm, tif, tiff, in
    /// subfolders too, sorted) the samples; each is loaded as <see cref="ImageUtil.LoadImg"/> loads it, resized to
    /// <paramref name="target_size"/>, transformed and rescaled. Prints "Found N images belonging to K classes.", as Keras.
    /// </summary>
    /// <param name="directory">The folder holding one subfolder per class.</param>
    /// <param name="target_size">(height, width) every picture is resized to; (256, 256) by default.</param>
    /// <param name="color_mode"><c>"rgb"</c>, <c>"rgba"</c> or <c>"grayscale"</c>.</param>
    /// <param name="classes">The class subfolders, in class order; by default every subfolder, sorted.</param>
    /// <param name="class_mode">The targets: <c>"categorical"</c> (one-hot float32), <c>"binary"</c> and <c>"sparse"</c> (the class
    /// index as float32, as keras_preprocessing 1.1 gives it), <c>"input"</c> (the pictures themselves), or null for none (prediction).</param>
    /// <param name="batch_size">Pictures per batch.</param>
    /// <param name="shuffle">Whether each pass goes through the pictures in a new random order.</param>
    /// <param name="seed">A seed for the order and the augmentations, or null to take one from the Keras seed's sequence.</param>
    /// <param name="save_to_dir">A folder to save each batch's augmented pictures in (to see them), or empty for none.</param>
    /// <param name="save_prefix">The saved pictures' name prefix.</param>
    /// <param name="save_format"><c>"png"</c> or <c>"jpeg"</c>.</param>
    /// <param name="follow_links">Whether to look into linked folders inside the class folders.</param>
    /// <param name="subset"><c>"training"</c> or <c>"validation"</c> with <see cref="ValidationSplit"/>; empty for all pictures.</param>
    /// <param name="interpolation"><c>"nearest"</c>, Keras's default and the one resampling here.</param>
    /// <returns>The iterator; dispose it when done to stop its background thread.</returns>
    public DirectoryIterator FlowFromDirectory(string directory, Shape? target_size = null, string color_mode = "rgb", string[]? classes = null,
        string? class_mode = "categorical", int batch_size = 32, bool shuffle = true, int? seed = null, string save_to_dir = "",
        string save_prefix = "", string save_format = "png", bool follow_links = false, string subset = "", string interpolation = "nearest")
    {
        var size = target_size ?? new Shape(256, 256);
        if (size.Rank != 2) throw new ArgumentException($"target_size is (height, width); got {size}.");
        return new DirectoryIterator(this, directory, (size[0], size[1]), color_mode, classes, class_mode, batch_size, shuffle,
            seed ?? Session.Current.Random.NextSeed(), save_to_dir, save_prefix, save_format, follow_links, subset, interpolation);
    }

    /// <summary>A batch after its transforms, as Keras's <c>standardize</c>: multiplied by <see cref="Rescale"/> when set.</summary>
    internal Tensor Standardize(Tensor x) => Rescale is double r ? x.mul_(r) : x;

    /// <summary>A batch of pictures (N, H, W, C) with fresh random transforms from <paramref name="generator"/>.</summary>
    internal Tensor Augment(Tensor x, Generator generator) => AffineTransform.Apply(x, Draw((int)x.shape[0], x.shape[1], x.shape[2], generator), FillMode, Cval);

    /// <summary>Keras's draws for n pictures: theta, tx, ty, zx and zy, the flips, each uniform as Keras draws it.</summary>
    private List<TransformParameters> Draw(int n, long h, long w, Generator generator)
    {
        using var uniform = rand(new long[] { n, 7 }, dtype: ScalarType.Float64, generator: generator);
        var u = uniform.data<double>().ToArray();
        double Symmetric(double range, double v) => (2 * v - 1) * range;
        double Shift(double range, long size, double v) => Symmetric(range, v) * (range < 1 ? size : 1);
        var result = new List<TransformParameters>(n);
        for (int i = 0; i < n; i++)
        {
            var v = u.AsSpan(i * 7, 7);
            result.Add(new TransformParameters(
                theta: Symmetric(RotationRange, v[0]),
                tx: Shift(HeightShiftRange, h, v[1]),
                ty: Shift(WidthShiftRange, w, v[2]),
                zx: 1 + Symmetric(ZoomRange, v[3]),
                zy: 1 + Symmetric(ZoomRange, v[4]),
                flip_horizontal: HorizontalFlip && v[5] < 0.5,
                flip_vertical: VerticalFlip && v[6] < 0.5));
        }
        return result;
    }
}
