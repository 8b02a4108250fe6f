using Keras;
using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// The NumPy functions Keras code and the tutorial use, under NumPy's names, over libtorch: dtypes, <c>array</c>,
/// <c>zeros</c>, <c>ones</c>, <c>arange</c>, <c>argmax</c>, <c>sum</c>, <c>mean</c>, <c>where</c>,
/// <c>expand_dims</c>, <c>concatenate</c> and <c>np.random</c>. What is not here is not supported.
/// </summary>
#pragma warning disable CS8981 // NumPy's lower-case name, so that C# reads like Python
public static class np
#pragma warning restore CS8981
{
    /// <summary>32-bit float.</summary>
    public static Dtype float32 => Dtype.Float32;
    /// <summary>64-bit float.</summary>
    public static Dtype float64 => Dtype.Float64;
    /// <summary>16-bit float.</summary>
    public static Dtype float16 => Dtype.Float16;
    /// <summary>32-bit integer.</summary>
    public static Dtype int32 => Dtype.Int32;
    /// <summary>64-bit integer.</summary>
    public static Dtype int64 => Dtype.Int64;
    /// <summary>8-bit unsigned integer.</summary>
    public static Dtype uint8 => Dtype.UInt8;
    /// <summary>Boolean.</summary>
    public static Dtype @bool => Dtype.Bool;

    /// <summary>NumPy's random functions, drawing from the generator the Keras seed (<c>Util.SetRandomSeed</c>) seeds.</summary>
    public static NpRandom random { get; } = new();

    /// <summary>An array of these values, as <c>np.array(...)</c>: any rank of float, double, int, long, byte or bool.</summary>
    /// <param name="data">A C# array, such as <c>new float[,] { { 0, 0 }, { 0, 1 } }</c>.</param>
    /// <returns>A new array (a copy).</returns>
    public static NDarray array(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var element = data.GetType().GetElementType()!;
        if (element != typeof(float) && element != typeof(double) && element != typeof(int) && element != typeof(long) && element != typeof(byte) && element != typeof(bool))
            throw new NotSupportedException($"np.array takes arrays of float, double, int, long, byte or bool; got {element.Name}.");
        return new NDarray(from_array(data).clone());
    }

    /// <summary>An array of zeros.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array, as NumPy's default.</returns>
    public static NDarray zeros(params long[] shape) => new(TorchSharp.torch.zeros(shape, dtype: ScalarType.Float64));

    /// <summary>An array of ones.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array, as NumPy's default.</returns>
    public static NDarray ones(params long[] shape) => new(TorchSharp.torch.ones(shape, dtype: ScalarType.Float64));

    /// <summary>0, 1, ..., stop - 1, as <c>np.arange(stop)</c>.</summary>
    /// <param name="stop">The end, excluded.</param>
    /// <returns>An int64 array.</returns>
    public static NDarray arange(long stop) => new(TorchSharp.torch.arange(stop, dtype: ScalarType.Int64));

    /// <summary>start, start + step, ... below stop, as <c>np.arange(start, stop, step)</c>.</summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The end, excluded.</param>
    /// <param name="step">The increment.</param>
    /// <returns>A float64 array.</returns>
    public static NDarray arange(double start, double stop, double step = 1) => new(TorchSharp.torch.arange(start, stop, step, dtype: ScalarType.Float64));

    /// <summary>The indices of the maxima, as <c>np.argmax(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axis, or null for the flattened array.</param>
    /// <returns>An int64 array.</returns>
    public static NDarray argmax(NDarray a, int? axis = null) => new(axis is int d ? a.Tensor.argmax(d) : a.Tensor.flatten().argmax());

    /// <summary>The sum, as <c>np.sum(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The sums.</returns>
    public static NDarray sum(NDarray a, int? axis = null) => new(axis is int d ? a.Tensor.sum(d) : a.Tensor.sum());

    /// <summary>The mean, as <c>np.mean(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">The axis, or null for all elements.</param>
    /// <returns>The means, as float64 for integer input (NumPy's rule).</returns>
    public static NDarray mean(NDarray a, int? axis = null)
    {
        var values = a.Tensor.is_floating_point() ? a.Tensor : a.Tensor.to_type(ScalarType.Float64);
        return new(axis is int d ? values.mean(new long[] { d }) : values.mean());
    }

    /// <summary>The indices where the condition holds, one array per axis, as <c>np.where(condition)</c>.</summary>
    /// <param name="condition">A boolean array.</param>
    /// <returns>One int64 array per axis.</returns>
    public static NDarray[] where(NDarray condition) => condition.Tensor.nonzero().t().unbind(0).Select(t => new NDarray(t.contiguous())).ToArray();

    /// <summary>x where the condition holds, else y, as <c>np.where(condition, x, y)</c>.</summary>
    /// <param name="condition">A boolean array.</param>
    /// <param name="x">Values where it holds.</param>
    /// <param name="y">Values where it does not.</param>
    /// <returns>A new array.</returns>
    public static NDarray where(NDarray condition, NDarray x, NDarray y) => new(TorchSharp.torch.where(condition.Tensor, x.Tensor, y.Tensor));

    /// <summary>The array with a new axis of size 1, as <c>np.expand_dims(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">Where the axis goes; -1 for the end.</param>
    /// <returns>A view.</returns>
    public static NDarray expand_dims(NDarray a, int axis) => new(a.Tensor.unsqueeze(axis));

    /// <summary>Arrays joined along an axis, as <c>np.concatenate</c>.</summary>
    /// <param name="arrays">The arrays.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A new array.</returns>
    public static NDarray concatenate(NDarray[] arrays, int axis = 0) => new(cat(arrays.Select(a => a.Tensor).ToArray(), axis));
}
