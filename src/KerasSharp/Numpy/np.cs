using Keras;
using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// The NumPy functions Keras code and tutorials use, under NumPy's names and Numpy.NET's signatures, over libtorch:
/// dtypes and array creation here; mathematics (<c>np.Math.cs</c>), statistics (<c>np.Statistics.cs</c>), reshaping and
/// joining (<c>np.Manipulation.cs</c>), files (<c>np.Io.cs</c>) and <c>np.random</c>. Most functions are also extension
/// methods, as in Numpy.NET: <c>x.sqrt()</c>, <c>x.std()</c>. What is not here is not supported.
/// </summary>
#pragma warning disable CS8981 // NumPy's lower-case name, so that C# reads like Python
public static partial class np
#pragma warning restore CS8981
{
    /// <summary>32-bit float.</summary>
    public static Dtype float32 => Dtype.Float32;
    /// <summary>32-bit float, NumPy's <c>single</c>.</summary>
    public static Dtype single => Dtype.Float32;
    /// <summary>64-bit float.</summary>
    public static Dtype float64 => Dtype.Float64;
    /// <summary>64-bit float, NumPy's <c>double</c>.</summary>
    public static Dtype @double => Dtype.Float64;
    /// <summary>64-bit float, NumPy's <c>float_</c>.</summary>
    public static Dtype float_ => Dtype.Float64;
    /// <summary>16-bit float.</summary>
    public static Dtype float16 => Dtype.Float16;
    /// <summary>16-bit float, NumPy's <c>half</c>.</summary>
    public static Dtype half => Dtype.Float16;
    /// <summary>8-bit integer.</summary>
    public static Dtype int8 => Dtype.Int8;
    /// <summary>8-bit integer, NumPy's <c>byte</c> (signed, unlike C#'s).</summary>
    public static Dtype @byte => Dtype.Int8;
    /// <summary>16-bit integer.</summary>
    public static Dtype int16 => Dtype.Int16;
    /// <summary>16-bit integer, NumPy's <c>short</c>.</summary>
    public static Dtype @short => Dtype.Int16;
    /// <summary>32-bit integer.</summary>
    public static Dtype int32 => Dtype.Int32;
    /// <summary>32-bit integer, NumPy's <c>intc</c>.</summary>
    public static Dtype intc => Dtype.Int32;
    /// <summary>64-bit integer.</summary>
    public static Dtype int64 => Dtype.Int64;
    /// <summary>64-bit integer, NumPy's default <c>int_</c> on Linux.</summary>
    public static Dtype int_ => Dtype.Int64;
    /// <summary>64-bit integer, NumPy's <c>longlong</c>.</summary>
    public static Dtype longlong => Dtype.Int64;
    /// <summary>64-bit integer, NumPy's <c>intp</c> on 64-bit machines.</summary>
    public static Dtype intp => Dtype.Int64;
    /// <summary>8-bit unsigned integer.</summary>
    public static Dtype uint8 => Dtype.UInt8;
    /// <summary>8-bit unsigned integer, NumPy's <c>ubyte</c>.</summary>
    public static Dtype ubyte => Dtype.UInt8;
    /// <summary>16-bit unsigned integer (stored as int32: see <see cref="Dtype"/>).</summary>
    public static Dtype uint16 => Dtype.UInt16;
    /// <summary>32-bit unsigned integer (stored as int64: see <see cref="Dtype"/>).</summary>
    public static Dtype uint32 => Dtype.UInt32;
    /// <summary>Boolean.</summary>
    public static Dtype @bool => Dtype.Bool;
    /// <summary>Boolean, NumPy's <c>bool_</c>.</summary>
    public static Dtype bool_ => Dtype.Bool;

    /// <summary>NumPy's random functions, drawing from the generator the Keras seed (<c>Util.SetRandomSeed</c>) seeds.</summary>
    public static NpRandom random { get; } = new();

    /// <summary>An array of these values, as <c>np.array(...)</c>: a C# array of any rank.</summary>
    /// <param name="data">A C# array of float, double, int, long, short, sbyte, byte, ushort, uint or bool, such as <c>new float[,] { { 0, 0 }, { 0, 1 } }</c>.</param>
    /// <param name="dtype">The element type; by default the C# element type's (float: float32, double: float64, int: int32...).</param>
    /// <returns>A new array (a copy).</returns>
    public static NDarray array(Array data, Dtype? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var natural = Dtype.Of(data.GetType().GetElementType()!);
        long[] dims = Enumerable.Range(0, data.Rank).Select(i => (long)data.GetLength(i)).ToArray();
        // libtorch has no uint16/uint32 arrays to copy from: their values go through int64.
        var values = natural.UnsignedModulus is null ? from_array(data).clone()
            : tensor(data.Cast<IConvertible>().Select(v => v.ToInt64(null)).ToArray(), dims).to_type(natural.Type);
        var made = NDarray.Of(values, natural);
        return dtype is null ? made : made.astype(dtype);
    }

    /// <summary>A one-axis array of these values, as Numpy.NET's <c>np.array(1f, 2f)</c>: <c>np.array(0f)</c> has shape (1,).</summary>
    /// <typeparam name="T">float, double, int, long, short, sbyte, byte, ushort, uint or bool.</typeparam>
    /// <param name="data">The values.</param>
    /// <returns>A new array.</returns>
    public static NDarray array<T>(params T[] data) where T : struct => array((Array)data);

    /// <summary>An array of zeros.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array, as NumPy's default.</returns>
    public static NDarray zeros(params long[] shape) => new(TorchSharp.torch.zeros(shape, dtype: ScalarType.Float64));

    /// <summary>An array of zeros of a shape and dtype, as <c>np.zeros((2, 3), np.float32)</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; float64 by default.</param>
    /// <returns>A new array.</returns>
    public static NDarray zeros(Shape shape, Dtype? dtype = null) => full(shape, 0, dtype ?? float64);

    /// <summary>An array of ones.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array, as NumPy's default.</returns>
    public static NDarray ones(params long[] shape) => new(TorchSharp.torch.ones(shape, dtype: ScalarType.Float64));

    /// <summary>An array of ones of a shape and dtype, as <c>np.ones((2, 3), np.int32)</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The element type; float64 by default.</param>
    /// <returns>A new array.</returns>
    public static NDarray ones(Shape shape, Dtype? dtype = null) => full(shape, 1, dtype ?? float64);

    /// <summary>An array of one value, as <c>np.full((2, 3), 7)</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="fill_value">The value.</param>
    /// <param name="dtype">The element type; by default as NumPy reads the value: bool, int64 for integers, float64 for floats.</param>
    /// <returns>A new array.</returns>
    public static NDarray full(Shape shape, ValueType fill_value, Dtype? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(fill_value);
        var type = dtype ?? fill_value switch
        {
            bool => @bool,
            float or double or decimal => float64,
            sbyte or byte or short or ushort or int or uint or long => int64,
            _ => throw new ArgumentException($"np.full takes a number or a bool; got {fill_value.GetType().Name}."),
        };
        long[] dims = shape.Dims.Select(d => (long)d).ToArray();
        var values = fill_value is bool b
            ? TorchSharp.torch.full(dims, b, dtype: ScalarType.Bool)
            : TorchSharp.torch.full(dims, Convert.ToDouble(fill_value, System.Globalization.CultureInfo.InvariantCulture), dtype: ScalarType.Float64);
        return new NDarray(values).astype(type);
    }

    /// <summary>Ones on a diagonal, as <c>np.eye(N, M, k)</c>.</summary>
    /// <param name="N">Rows.</param>
    /// <param name="M">Columns; N by default.</param>
    /// <param name="k">The diagonal: 0 the main one, positive above it, negative below.</param>
    /// <param name="dtype">The element type; float64 by default.</param>
    /// <returns>A new array.</returns>
    public static NDarray eye(int N, int? M = null, int? k = 0, Dtype? dtype = null)
    {
        int columns = M ?? N;
        if (N < 0 || columns < 0) throw new ArgumentException($"np.eye needs non-negative sizes; got N={N}, M={columns}.");
        var values = TorchSharp.torch.zeros(N, columns, dtype: ScalarType.Float64);
        int diagonal = k ?? 0;
        if (diagonal < columns && -diagonal < N) values.diagonal(diagonal).fill_(1);
        return new NDarray(values).astype(dtype ?? float64);
    }

    /// <summary>0, 1, ..., stop - 1, as <c>np.arange(stop)</c>.</summary>
    /// <param name="stop">The end, excluded.</param>
    /// <returns>An int64 array.</returns>
    public static NDarray arange(long stop) => new(TorchSharp.torch.arange(stop, dtype: ScalarType.Int64));

    /// <summary>start, start + step, ... below stop, as <c>np.arange(0, 10, 2)</c> with integers.</summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The end, excluded.</param>
    /// <param name="step">The increment; not zero.</param>
    /// <returns>An int64 array.</returns>
    public static NDarray arange(long start, long stop, long step = 1) =>
        step == 0 ? throw new ArgumentException("np.arange's step must not be zero.") : new(TorchSharp.torch.arange(start, stop, step, dtype: ScalarType.Int64));

    /// <summary>start, start + step, ... below stop, as <c>np.arange(0.0, 1.0, 0.1)</c>.</summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The end, excluded.</param>
    /// <param name="step">The increment; not zero.</param>
    /// <returns>A float64 array.</returns>
    public static NDarray arange(double start, double stop, double step = 1) =>
        step == 0 ? throw new ArgumentException("np.arange's step must not be zero.") : new(TorchSharp.torch.arange(start, stop, step, dtype: ScalarType.Float64));

    /// <summary>Evenly spaced numbers, as <c>np.linspace(start, stop, num)</c>, computed as NumPy computes them.</summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The last value (or the end, excluded, when <paramref name="endpoint"/> is false).</param>
    /// <param name="num">How many; 50 by default.</param>
    /// <param name="endpoint">Whether stop is the last value.</param>
    /// <param name="dtype">The element type; float64 by default (integer types round down, as NumPy's).</param>
    /// <returns>A new array.</returns>
    public static NDarray linspace(double start, double stop, int? num = 50, bool? endpoint = true, Dtype? dtype = null)
    {
        int n = num ?? 50;
        if (n < 0) throw new ArgumentException($"np.linspace needs a non-negative number of samples; got {n}.");
        bool end = endpoint ?? true;
        int div = end ? n - 1 : n;
        double delta = stop - start, step = div > 0 ? delta / div : double.NaN;
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = (div > 0 ? (step == 0 ? i / (double)div * delta : i * step) : i * delta) + start;
        if (end && n > 1) values[^1] = stop;
        var result = tensor(values);
        return new NDarray(dtype is { IsInteger: true } ? result.floor_() : result).astype(dtype ?? float64);
    }
}
