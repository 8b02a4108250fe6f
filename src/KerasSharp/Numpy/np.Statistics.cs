using static TorchSharp.torch;

namespace Numpy;

#pragma warning disable CS8981 // NumPy's lower-case name
public static partial class np
#pragma warning restore CS8981
{
    /// <summary>The indices of the maxima, as <c>np.argmax(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <returns>An int64 array.</returns>
    public static NDarray argmax(this NDarray a, int? axis = null) => new(axis is int d ? a.Tensor.argmax(d) : a.Tensor.flatten().argmax());

    /// <summary>The sum, as <c>np.sum(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="dtype">The type to sum in; by default a's (integers and bools: int64, as NumPy on Linux).</param>
    /// <param name="keepdims">Whether summed axes stay, of size 1.</param>
    /// <returns>The sums.</returns>
    public static NDarray sum(this NDarray a, Axis? axis = null, Dtype? dtype = null, bool? keepdims = null)
    {
        var values = dtype is null ? a.Tensor : dtype.Convert(a.Tensor);
        return new(values.sum(Axes(a, axis), keepdims ?? false, values.is_floating_point() ? values.dtype : ScalarType.Int64));
    }

    /// <summary>The mean of all elements, as <c>np.mean(a)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <returns>The mean.</returns>
    public static double mean(this NDarray a, Dtype? dtype = null) => Scalar(mean(a, AllAxes(a), dtype));

    /// <summary>The means along axes, as <c>np.mean(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <param name="keepdims">Whether averaged axes stay, of size 1.</param>
    /// <returns>The means.</returns>
    public static NDarray mean(this NDarray a, Axis axis, Dtype? dtype = null, bool? keepdims = null) =>
        new(Computed(a, dtype).mean(Axes(a, axis), keepdims ?? false));

    /// <summary>The standard deviation of all elements, as <c>np.std(a)</c>: sqrt(sum((x - mean)²) / (N - ddof)).</summary>
    /// <param name="a">An array.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <param name="ddof">Delta degrees of freedom: 0 for the population's, 1 for the sample's.</param>
    /// <returns>The standard deviation.</returns>
    public static double std(this NDarray a, Dtype? dtype = null, int? ddof = 0) => Scalar(std(a, AllAxes(a), dtype, ddof));

    /// <summary>Standard deviations along axes, as <c>np.std(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The standard deviations.</returns>
    public static NDarray std(this NDarray a, Axis axis, Dtype? dtype = null, int? ddof = 0, bool? keepdims = null) =>
        new(Variance(a, axis, dtype, ddof, keepdims).sqrt_());

    /// <summary>The variance of all elements, as <c>np.var(a)</c>: sum((x - mean)²) / (N - ddof).</summary>
    /// <param name="a">An array.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <param name="ddof">Delta degrees of freedom: 0 for the population's, 1 for the sample's.</param>
    /// <returns>The variance.</returns>
    public static double @var(this NDarray a, Dtype? dtype = null, int? ddof = 0) => Scalar(@var(a, AllAxes(a), dtype, ddof));

    /// <summary>Variances along axes, as <c>np.var(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes.</param>
    /// <param name="dtype">The type to compute in; by default a's for floats, float64 for integers.</param>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The variances.</returns>
    public static NDarray @var(this NDarray a, Axis axis, Dtype? dtype = null, int? ddof = 0, bool? keepdims = null) =>
        new(Variance(a, axis, dtype, ddof, keepdims));

    /// <summary>The largest element, or the largest along axes, as <c>np.amax(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The maxima, of a's dtype.</returns>
    public static NDarray amax(this NDarray a, Axis? axis = null, bool? keepdims = null) => Extreme(a, axis, keepdims, largest: true);

    /// <summary>The smallest element, or the smallest along axes, as <c>np.amin(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The minima, of a's dtype.</returns>
    public static NDarray amin(this NDarray a, Axis? axis = null, bool? keepdims = null) => Extreme(a, axis, keepdims, largest: false);

    /// <summary>The largest element, or the largest along axes: <c>np.max</c>, the same as <see cref="amax"/>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The maxima.</returns>
    public static NDarray max(NDarray a, Axis? axis = null, bool? keepdims = null) => amax(a, axis, keepdims);

    /// <summary>The smallest element, or the smallest along axes: <c>np.min</c>, the same as <see cref="amin"/>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The minima.</returns>
    public static NDarray min(NDarray a, Axis? axis = null, bool? keepdims = null) => amin(a, axis, keepdims);

    private static NDarray Extreme(NDarray a, Axis? axis, bool? keepdims, bool largest)
    {
        if (a.size == 0) throw new ArgumentException($"The {(largest ? "maximum" : "minimum")} of an empty array (shape {a.shape}) is undefined, as in NumPy.");
        long[] dims = Axes(a, axis);
        var values = largest ? a.Tensor.amax(dims, keepdims ?? false) : a.Tensor.amin(dims, keepdims ?? false);
        return NDarray.Of(values, a.dtype);
    }

    private static Tensor Variance(NDarray a, Axis axis, Dtype? dtype, int? ddof, bool? keepdims)
    {
        var values = Computed(a, dtype);
        long[] dims = Axes(a, axis);
        long count = dims.Aggregate(1L, (n, d) => n * a.Tensor.shape[d]);
        var deviations = values - values.mean(dims, keepdim: true);
        var squares = (deviations * deviations).sum(dims, keepdims ?? false);
        // NumPy divides by max(N - ddof, 0): a negative or zero count gives inf or NaN, with a warning there.
        return squares.div_(Math.Max(count - (ddof ?? 0), 0));
    }

    private static Tensor Computed(NDarray a, Dtype? dtype) =>
        dtype is not null ? dtype.Convert(a.Tensor) : a.Tensor.is_floating_point() ? a.Tensor : a.Tensor.to_type(ScalarType.Float64);

    private static double Scalar(NDarray reduced) => reduced.Tensor.to_type(ScalarType.Float64).item<double>();

    private static Axis AllAxes(NDarray a) => new(Enumerable.Range(0, a.ndim).ToArray());

    /// <summary>The axes as libtorch dims, each checked and counted from the end when negative; all of them for null.</summary>
    private static long[] Axes(NDarray a, Axis? axis)
    {
        if (axis is null) return Enumerable.Range(0, a.ndim).Select(d => (long)d).ToArray();
        var dims = axis.Axes.Select(d => d < 0 ? d + a.ndim : d).ToArray();
        if (dims.Any(d => d < 0 || d >= a.ndim) || dims.Distinct().Count() != dims.Length)
            throw new ArgumentException($"axis ({string.Join(", ", axis.Axes)}) does not name distinct axes of an array of {a.ndim} axes (shape {a.shape}).");
        return dims.Select(d => (long)d).ToArray();
    }
}
