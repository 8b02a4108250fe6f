using Keras;
using TorchSharp;
using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// A NumPy-style array over a libtorch tensor, as Numpy.NET's <c>NDarray</c> that Keras.NET code uses: the same
/// storage, never a copy. It converts implicitly to and from <see cref="Tensor"/>, so it goes wherever KerasSharp takes
/// tensors. <c>shape</c> is a <see cref="Keras.Shape"/> that prints as <c>(50000, 32, 32, 3)</c> and slices as
/// <c>shape[1..]</c>; <c>x /= 255</c> divides in place, as NumPy does; <c>ToString()</c> prints as NumPy's <c>str</c>.
/// </summary>
public sealed class NDarray : IDisposable
{
    /// <summary>Wraps a tensor (no copy).</summary>
    /// <param name="tensor">The tensor.</param>
    public NDarray(Tensor tensor) => Tensor = tensor ?? throw new ArgumentNullException(nameof(tensor));

    /// <summary>The tensor behind the array, shared with it.</summary>
    public Tensor Tensor { get; private set; }

    /// <summary>An array is its tensor.</summary>
    /// <param name="array">The array.</param>
    public static implicit operator Tensor(NDarray array) => array.Tensor;

    /// <summary>A tensor as an array (no copy).</summary>
    /// <param name="tensor">The tensor.</param>
    public static implicit operator NDarray(Tensor tensor) => new(tensor);

    /// <summary>The sizes of the axes, as a tuple: <c>(60000, 28, 28)</c>; <c>shape[0]</c>, <c>shape[1..]</c>.</summary>
    public Shape shape => Shape.Of(Tensor.shape);

    /// <summary>The number of axes.</summary>
    public int ndim => (int)Tensor.dim();

    /// <summary>The number of elements.</summary>
    public long size => Tensor.numel();

    /// <summary>The element type.</summary>
    public Dtype dtype => Dtype.Of(Tensor.dtype);

    /// <summary>The array with its elements converted, as <c>x.astype(np.float32)</c>; a new array.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>A new array.</returns>
    public NDarray astype(Dtype dtype) => new(Tensor.to_type(dtype.Type));

    /// <summary>The same elements in another shape, as <c>x.reshape(n, 28, 28, 1)</c>; -1 stands for the rest.</summary>
    /// <param name="newshape">The sizes.</param>
    /// <returns>An array sharing the elements where the layout allows.</returns>
    public NDarray reshape(params long[] newshape) => new(Tensor.reshape(newshape));

    /// <summary>The same elements in another shape.</summary>
    /// <param name="newshape">The shape.</param>
    /// <returns>An array sharing the elements where the layout allows.</returns>
    public NDarray reshape(Shape newshape) => reshape(newshape.Dims.Select(d => (long)d).ToArray());

    /// <summary>The elements in one axis.</summary>
    /// <returns>A flat copy.</returns>
    public NDarray flatten() => new(Tensor.flatten().clone());

    /// <summary>The indices of the maxima, over all elements or along an axis, as <c>np.argmax</c>.</summary>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <returns>The indices (int64).</returns>
    public NDarray argmax(int? axis = null) => np.argmax(this, axis);

    /// <summary>The sum, over all elements or along an axis.</summary>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The sums.</returns>
    public NDarray sum(int? axis = null) => np.sum(this, axis);

    /// <summary>The mean, over all elements or along an axis.</summary>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The means.</returns>
    public NDarray mean(int? axis = null) => np.mean(this, axis);

    /// <summary>The largest element, or the largest along an axis.</summary>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The maxima.</returns>
    public NDarray max(int? axis = null) => axis is int a ? new NDarray(Tensor.amax(new long[] { a })) : new NDarray(Tensor.max());

    /// <summary>The smallest element, or the smallest along an axis.</summary>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The minima.</returns>
    public NDarray min(int? axis = null) => axis is int a ? new NDarray(Tensor.amin(new long[] { a })) : new NDarray(Tensor.min());

    /// <summary>The elements as a flat C# array, as Numpy.NET's <c>GetData</c>, converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float, double, int, long, byte or bool.</typeparam>
    /// <returns>A copy of the elements, row by row.</returns>
    public T[] GetData<T>() where T : unmanaged
    {
        using var converted = Tensor.to_type(ScalarTypeOf<T>()).cpu().contiguous();
        return converted.data<T>().ToArray();
    }

    /// <summary>The one element of a one-element array, as <c>x.item()</c>.</summary>
    /// <typeparam name="T">float, double, int, long, byte or bool.</typeparam>
    /// <returns>The value.</returns>
    public T asscalar<T>() where T : unmanaged
    {
        if (Tensor.numel() != 1) throw new InvalidOperationException($"asscalar needs an array of one element; this one has shape {shape}.");
        return GetData<T>()[0];
    }

    /// <summary>One item along the first axis, as <c>x[i]</c>; a negative index counts from the end.</summary>
    /// <param name="index">The index.</param>
    /// <returns>A view.</returns>
    public NDarray this[int index] => new(Tensor[index]);

    /// <summary>
    /// NumPy's slicing, as Numpy.NET's string indexer: <c>x[":100"]</c>, <c>x["1:3, :, ::2"]</c>, <c>x["..., -1"]</c>.
    /// Each comma-separated part is an index, a slice start:stop:step, or "..."; a negative step is not supported.
    /// </summary>
    /// <param name="slice">The index expression, as between NumPy's brackets.</param>
    /// <returns>A view.</returns>
    public NDarray this[string slice] => new(Tensor.index(SliceParser.Parse(slice)));

    /// <summary>Element-wise sum.</summary><param name="a">An array.</param><param name="b">An array.</param><returns>A new array.</returns>
    public static NDarray operator +(NDarray a, NDarray b) => new(a.Tensor + b.Tensor);
    /// <summary>Element-wise difference.</summary><param name="a">An array.</param><param name="b">An array.</param><returns>A new array.</returns>
    public static NDarray operator -(NDarray a, NDarray b) => new(a.Tensor - b.Tensor);
    /// <summary>Element-wise product.</summary><param name="a">An array.</param><param name="b">An array.</param><returns>A new array.</returns>
    public static NDarray operator *(NDarray a, NDarray b) => new(a.Tensor * b.Tensor);
    /// <summary>Element-wise quotient.</summary><param name="a">An array.</param><param name="b">An array.</param><returns>A new array.</returns>
    public static NDarray operator /(NDarray a, NDarray b) => new(a.Tensor / b.Tensor);
    /// <summary>Adds a number to every element.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A new array.</returns>
    public static NDarray operator +(NDarray a, double b) => new(a.Tensor + b);
    /// <summary>Subtracts a number from every element.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A new array.</returns>
    public static NDarray operator -(NDarray a, double b) => new(a.Tensor - b);
    /// <summary>Multiplies every element by a number.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A new array.</returns>
    public static NDarray operator *(NDarray a, double b) => new(a.Tensor * b);
    /// <summary>Divides every element by a number.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A new array.</returns>
    public static NDarray operator /(NDarray a, double b) => new(a.Tensor / b);
    /// <summary>Multiplies every element by a number.</summary><param name="a">A number.</param><param name="b">An array.</param><returns>A new array.</returns>
    public static NDarray operator *(double a, NDarray b) => new(b.Tensor * a);
    /// <summary>Negates every element.</summary><param name="a">An array.</param><returns>A new array.</returns>
    public static NDarray operator -(NDarray a) => new(-a.Tensor);
    /// <summary>Element-wise comparison.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A boolean array.</returns>
    public static NDarray operator >(NDarray a, double b) => new(a.Tensor.gt(b));
    /// <summary>Element-wise comparison.</summary><param name="a">An array.</param><param name="b">A number.</param><returns>A boolean array.</returns>
    public static NDarray operator <(NDarray a, double b) => new(a.Tensor.lt(b));

    /// <summary>Divides in place, as NumPy's <c>x /= 255</c>: a float array keeps its storage (an integer one becomes float64, as NumPy refuses).</summary>
    /// <param name="b">The divisor.</param>
    public void operator /=(double b) => InPlace(t => t.div_(b), t => t / b);

    /// <summary>Multiplies in place, as NumPy's <c>x *= 2</c>.</summary>
    /// <param name="b">The factor.</param>
    public void operator *=(double b) => InPlace(t => t.mul_(b), t => t * b);

    /// <summary>Adds in place, as NumPy's <c>x += 1</c>.</summary>
    /// <param name="b">The number to add.</param>
    public void operator +=(double b) => InPlace(t => t.add_(b), t => t + b);

    /// <summary>Subtracts in place, as NumPy's <c>x -= 0.5</c>.</summary>
    /// <param name="b">The number to subtract.</param>
    public void operator -=(double b) => InPlace(t => t.sub_(b), t => t - b);

    private void InPlace(Func<Tensor, Tensor> inPlace, Func<Tensor, Tensor> fresh)
    {
        if (Tensor.is_floating_point()) inPlace(Tensor);
        else Tensor = fresh(Tensor.to_type(ScalarType.Float64));
    }

    /// <summary>The array as NumPy's <c>str</c> prints it: <c>[[1 2]\n [3 4]]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ArrayFormat.Str(Tensor);

    /// <summary>Frees the tensor's memory now rather than when the garbage collector runs.</summary>
    public void Dispose() => Tensor.Dispose();

    internal static ScalarType ScalarTypeOf<T>() => typeof(T) switch
    {
        var t when t == typeof(float) => ScalarType.Float32,
        var t when t == typeof(double) => ScalarType.Float64,
        var t when t == typeof(int) => ScalarType.Int32,
        var t when t == typeof(long) => ScalarType.Int64,
        var t when t == typeof(byte) => ScalarType.Byte,
        var t when t == typeof(bool) => ScalarType.Bool,
        var t => throw new NotSupportedException($"Arrays of {t.Name} are not supported; use float, double, int, long, byte or bool."),
    };
}
