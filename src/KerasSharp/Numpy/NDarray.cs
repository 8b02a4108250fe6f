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

    /// <summary>An array of a C# array's values, as Numpy.NET's <c>new NDarray(int[,])</c>; the same as <c>np.array(data)</c>.</summary>
    /// <param name="data">A C# array of any rank.</param>
    public NDarray(Array data)
    {
        var made = np.array(data);
        (Tensor, _declared) = (made.Tensor, made._declared);
    }

    private NDarray(Tensor tensor, Dtype? declared) => (Tensor, _declared) = (tensor, declared?.UnsignedModulus is null ? null : declared);

    // A uint16 or uint32 array's dtype, which its wider storage does not tell (see Dtype).
    private Dtype? _declared;

    internal static NDarray Of(Tensor tensor, Dtype dtype) => new(tensor, dtype);

    /// <summary>The tensor behind the array, shared with it.</summary>
    public Tensor Tensor { get; private set; }

    /// <summary>An array is its tensor.</summary>
    /// <param name="array">The array.</param>
    public static implicit operator Tensor(NDarray array) => array.Tensor;

    /// <summary>A tensor as an array (no copy).</summary>
    /// <param name="tensor">The tensor.</param>
    public static implicit operator NDarray(Tensor tensor) => new(tensor);

    /// <summary>A C# array as an array, as Numpy.NET converts one: <c>NDarray x = new[,] { { 1, 2 } }</c> (a copy).</summary>
    /// <param name="data">A C# array of any rank.</param>
    public static implicit operator NDarray(Array data) => np.array(data);

    /// <summary>A number as an array of no axes, as <c>(NDarray)0.5</c>.</summary>
    /// <param name="value">The number.</param>
    public static explicit operator NDarray(double value) => new(tensor(value, ScalarType.Float64));

    /// <summary>A number as an array of no axes.</summary>
    /// <param name="value">The number.</param>
    public static explicit operator NDarray(float value) => new(tensor(value, ScalarType.Float32));

    /// <summary>A number as an array of no axes.</summary>
    /// <param name="value">The number.</param>
    public static explicit operator NDarray(int value) => new(tensor(value, ScalarType.Int32));

    /// <summary>A number as an array of no axes.</summary>
    /// <param name="value">The number.</param>
    public static explicit operator NDarray(long value) => new(tensor(value, ScalarType.Int64));

    /// <summary>The one element of a one-element array, as Numpy.NET's <c>(double)x</c>.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator double(NDarray a) => a.asscalar<double>();

    /// <summary>The one element of a one-element array, as <c>(float)x</c>.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator float(NDarray a) => a.asscalar<float>();

    /// <summary>The one element of a one-element array, as <c>(int)x</c>; a float is truncated toward zero.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator int(NDarray a) => a.asscalar<int>();

    /// <summary>The one element of a one-element array, as <c>(long)x</c>; a float is truncated toward zero.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator long(NDarray a) => a.asscalar<long>();

    /// <summary>The one element of a one-element array, as <c>(bool)x</c>: whether it is non-zero.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator bool(NDarray a) => a.asscalar<bool>();

    /// <summary>The one element of a one-element array, as <c>(byte)x</c>.</summary>
    /// <param name="a">An array of one element.</param>
    public static explicit operator byte(NDarray a) => a.asscalar<byte>();

    /// <summary>The sizes of the axes, as a tuple: <c>(60000, 28, 28)</c>; <c>shape[0]</c>, <c>shape[1..]</c>.</summary>
    public Shape shape => Shape.Of(Tensor.shape);

    /// <summary>The number of axes.</summary>
    public int ndim => (int)Tensor.dim();

    /// <summary>The number of elements.</summary>
    public long size => Tensor.numel();

    /// <summary>The element type.</summary>
    public Dtype dtype => _declared is { } declared && declared.Type == Tensor.dtype ? declared : Dtype.Of(Tensor.dtype);

    /// <summary>
    /// The array with its elements converted, as <c>x.astype(np.float32)</c>; a new array. Floats become integers
    /// truncated toward zero; integers out of an unsigned type's range wrap, as in NumPy.
    /// </summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>A new array.</returns>
    public NDarray astype(Dtype dtype) => new(dtype.Convert(Tensor), dtype);

    /// <summary>The axes in reverse order, as <c>x.T</c>.</summary>
    public NDarray T => transpose();

    /// <summary>The axes permuted, as <c>x.transpose(1, 0, 2)</c>; reversed when none are given.</summary>
    /// <param name="axes">The new order of the axes.</param>
    /// <returns>A view.</returns>
    public NDarray transpose(params int[] axes)
    {
        if (axes is null || axes.Length == 0) axes = Enumerable.Range(0, ndim).Reverse().ToArray();
        if (axes.Length != ndim || axes.Select(a => a < 0 ? a + ndim : a).Distinct().Count(a => a >= 0 && a < ndim) != ndim)
            throw new ArgumentException($"transpose needs each of the array's {ndim} axes once; got ({string.Join(", ", axes)}).");
        return new(Tensor.permute(axes.Select(a => (long)a).ToArray()));
    }

    /// <summary>The absolute values, as <c>x.abs()</c> (<c>np.abs</c>).</summary>
    /// <returns>A new array of the same dtype.</returns>
    public NDarray abs() => new(Tensor.abs(), _declared);

    /// <summary>A copy of the array, as <c>x.copy()</c>.</summary>
    /// <returns>A new array.</returns>
    public NDarray copy() => new(Tensor.clone(), _declared);

    /// <summary>The same elements in another shape, as <c>x.reshape(n, 28, 28, 1)</c>; -1 stands for the rest.</summary>
    /// <param name="newshape">The sizes.</param>
    /// <returns>An array sharing the elements where the layout allows.</returns>
    public NDarray reshape(params long[] newshape) => new(Tensor.reshape(newshape), _declared);

    /// <summary>The elements in one axis.</summary>
    /// <returns>A flat copy.</returns>
    public NDarray flatten() => new(Tensor.flatten().clone(), _declared);

    /// <summary>The largest element, or the largest along axes, as Numpy.NET's <c>x.max()</c>.</summary>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The maxima.</returns>
    public NDarray max(Axis? axis = null, bool? keepdims = null) => np.amax(this, axis, keepdims);

    /// <summary>The smallest element, or the smallest along axes, as Numpy.NET's <c>x.min()</c>.</summary>
    /// <param name="axis">The axes, or null for all elements.</param>
    /// <param name="keepdims">Whether reduced axes stay, of size 1.</param>
    /// <returns>The minima.</returns>
    public NDarray min(Axis? axis = null, bool? keepdims = null) => np.amin(this, axis, keepdims);

    /// <summary>The elements as a flat C# array, as Numpy.NET's <c>GetData</c>, converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float, double, int, long, short, sbyte, byte or bool.</typeparam>
    /// <returns>A copy of the elements, row by row.</returns>
    public T[] GetData<T>() where T : unmanaged
    {
        using var converted = Tensor.to_type(ScalarTypeOf<T>()).cpu().contiguous();
        return converted.data<T>().ToArray();
    }

    /// <summary>The one element of a one-element array, as Numpy.NET's <c>asscalar</c>.</summary>
    /// <typeparam name="T">float, double, int, long, short, sbyte, byte or bool.</typeparam>
    /// <returns>The value.</returns>
    public T asscalar<T>() where T : unmanaged => item<T>();

    /// <summary>The one element of a one-element array, as <c>x.item()</c>.</summary>
    /// <typeparam name="T">float, double, int, long, short, sbyte, byte or bool.</typeparam>
    /// <returns>The value.</returns>
    public T item<T>() where T : unmanaged
    {
        if (Tensor.numel() != 1) throw new InvalidOperationException($"Only an array of one element converts to a number; this one has shape {shape}.");
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
        else (Tensor, _declared) = (fresh(Tensor.to_type(ScalarType.Float64)), null);
    }

    /// <summary>The array as NumPy's <c>str</c> prints it: <c>[[1 2]\n [3 4]]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ArrayFormat.Str(Tensor);

    /// <summary>Frees the tensor's memory now rather than when the garbage collector runs.</summary>
    public void Dispose() => Tensor.Dispose();

    internal static ScalarType ScalarTypeOf<T>()
    {
        var dtype = Dtype.Of(typeof(T));
        return dtype.UnsignedModulus is null ? dtype.Type
            : throw new NotSupportedException($"GetData<{typeof(T).Name}> is not supported: {dtype} arrays are stored as {Dtype.Of(dtype.Type)}; read them as that.");
    }
}
