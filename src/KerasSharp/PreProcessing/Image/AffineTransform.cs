using TorchSharp;
using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// Keras's <c>apply_affine_transform</c> for a whole batch on libtorch: the matrix rotation @ shift @ zoom, moved to the
/// picture's centre as Keras moves it (h / 2 + 0.5, w / 2 + 0.5), maps each output pixel (r, c) to the input point it
/// samples; the point is read with linear interpolation (SciPy's <c>order=1</c>), and points outside the picture follow
/// the fill mode: <c>nearest</c> aaaa|abcd|dddd, <c>reflect</c> dcba|abcd|dcba, <c>wrap</c> abcd|abcd|abcd, and
/// <c>constant</c> kkkk|abcd|kkkk (a point outside the picture is cval, as SciPy's <c>mode='constant'</c>). Flips come after.
/// </summary>
internal static class AffineTransform
{
    public static readonly string[] FillModes = { "nearest", "constant", "reflect", "wrap" };

    /// <summary>Transforms x (N, H, W, C) by one parameter set per picture; returns a new float32 tensor.</summary>
    public static Tensor Apply(Tensor x, IReadOnlyList<TransformParameters> parameters, string fillMode, double cval)
    {
        long n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        using var scope = NewDisposeScope();
        var images = x.to(ScalarType.Float32);
        if (parameters.Any(p => p.theta != 0 || p.tx != 0 || p.ty != 0 || p.zx != 1 || p.zy != 1))
        {
            // Per picture, in = A @ out + b, in (row, column) pixel coordinates.
            var a = new double[n * 4];
            var b = new double[n * 2];
            double ox = h / 2.0 + 0.5, oy = w / 2.0 + 0.5;
            for (int i = 0; i < n; i++)
            {
                var p = parameters[i];
                double t = p.theta * Math.PI / 180, cos = Math.Cos(t), sin = Math.Sin(t);
                double a00 = cos * p.zx, a01 = -sin * p.zy, a10 = sin * p.zx, a11 = cos * p.zy;
                double b0 = cos * p.tx - sin * p.ty, b1 = sin * p.tx + cos * p.ty;
                (a[i * 4], a[i * 4 + 1], a[i * 4 + 2], a[i * 4 + 3]) = (a00, a01, a10, a11);
                b[i * 2] = b0 + ox - (a00 * ox + a01 * oy);
                b[i * 2 + 1] = b1 + oy - (a10 * ox + a11 * oy);
            }
            var matrices = tensor(a, new long[] { n, 2, 2 }, ScalarType.Float64);
            var offsets = tensor(b, new long[] { n, 1, 2 }, ScalarType.Float64);
            var rows = arange(h, dtype: ScalarType.Float64).repeat_interleave(w);
            var cols = arange(w, dtype: ScalarType.Float64).repeat(h);
            var grid = stack(new[] { rows, cols }, 1); // (H*W, 2)
            var source = matmul(grid.unsqueeze(0), matrices.transpose(1, 2)) + offsets; // (N, H*W, 2)
            images = Sample(images, source[.., .., 0], source[.., .., 1], fillMode, cval);
        }
        images = Flip(images, parameters.Select(p => p.flip_horizontal).ToArray(), 2);
        images = Flip(images, parameters.Select(p => p.flip_vertical).ToArray(), 1);
        return images.contiguous().MoveToOuterDisposeScope();
    }

    private static Tensor Flip(Tensor images, bool[] which, long axis)
    {
        if (!which.Contains(true)) return images;
        var mask = tensor(which).reshape(-1, 1, 1, 1);
        return where(mask, images.flip(axis), images);
    }

    /// <summary>
    /// Linear interpolation of pictures (N, H, W, C) at the points (r, c), (N, H*W) each, with the fill mode outside, in
    /// one libtorch <c>grid_sample</c>: its "border" padding is nearest, its "reflection" without aligned corners is
    /// reflect (about -0.5 and n - 0.5), wrap samples a copy padded circularly by one pixel at the wrapped point, and
    /// constant reads inside points only.
    /// </summary>
    private static Tensor Sample(Tensor images, Tensor r, Tensor c, string fillMode, double cval)
    {
        long n = images.shape[0], h = images.shape[1], w = images.shape[2];
        var planes = images.permute(0, 3, 1, 2);
        var (rows, cols, height, width) = (r, c, h, w);
        if (fillMode == "wrap")
        {
            planes = nn.functional.pad(planes, new long[] { 1, 1, 1, 1 }, PaddingModes.Circular);
            (rows, cols, height, width) = (r.remainder(h) + 1, c.remainder(w) + 1, h + 2, w + 2);
        }
        var grid = stack(new[] { (2 * cols + 1) / width - 1, (2 * rows + 1) / height - 1 }, -1).reshape(n, h, w, 2).to(ScalarType.Float32);
        var padding = fillMode == "reflect" ? GridSamplePaddingMode.Reflection : GridSamplePaddingMode.Border;
        var value = nn.functional.grid_sample(planes, grid, GridSampleMode.Bilinear, padding, align_corners: false).permute(0, 2, 3, 1);
        if (fillMode != "constant") return value;
        // A tolerance, so that whole-pixel moves that land a hair outside by rounding still read the picture.
        const double edge = 1e-6;
        var inside = r.ge(-edge).logical_and(r.le(h - 1 + edge)).logical_and(c.ge(-edge)).logical_and(c.le(w - 1 + edge)).reshape(n, h, w, 1);
        return where(inside, value, full_like(value, cval));
    }
}
