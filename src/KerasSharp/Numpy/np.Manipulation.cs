using Keras;
using static TorchSharp.torch;

namespace Numpy;

#pragma warning disable CS8981 // NumPy's lower-case name
public static partial class np
#pragma warning restore CS8981
{
    /// <summary>The same elements in another shape, as <c>np.reshape(a, 2, -1)</c>; -1 stands for the rest.</summary>
    /// <param name="a">An array.</param>
    /// <param name="newshape">The sizes.</param>
    /// <returns>An array sharing the elements where the layout allows.</returns>
    public static NDarray reshape(NDarray a, params int[] newshape) => a.reshape(newshape.Select(d => (long)d).ToArray());

    /// <summary>The same elements in another shape, as <c>x.reshape(shape)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="newshape">The shape.</param>
    /// <returns>An array sharing the elements where the layout allows.</returns>
    public static NDarray reshape(this NDarray a, Shape newshape) => a.reshape(newshape.Dims.Select(d => (long)d).ToArray());

    /// <summary>The axes permuted, as <c>np.transpose(a, axes)</c>; reversed when none are given.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axes">The new order of the axes.</param>
    /// <returns>A view.</returns>
    public static NDarray transpose(this NDarray a, int[]? axes = null) => a.transpose(axes ?? Array.Empty<int>());

    /// <summary>The array without axes of size 1, or without the named ones, as <c>np.squeeze(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">Axes to remove, each of size 1; by default every axis of size 1.</param>
    /// <returns>A view.</returns>
    public static NDarray squeeze(this NDarray a, Axis? axis = null)
    {
        var dims = Axes(a, axis);
        if (axis is not null && dims.FirstOrDefault(d => a.Tensor.shape[d] != 1, -1) is var wide and >= 0)
            throw new ArgumentException($"squeeze cannot remove axis {wide} of shape {a.shape}: its size is {a.Tensor.shape[wide]}, not 1.");
        long[] kept = Enumerable.Range(0, a.ndim).Where(d => !(dims.Contains(d) && a.Tensor.shape[d] == 1)).Select(d => a.Tensor.shape[d]).ToArray();
        return a.reshape(kept);
    }

    /// <summary>The array with a new axis of size 1, as <c>np.expand_dims(a, axis)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="axis">Where the axis goes; -1 for the end.</param>
    /// <returns>A view.</returns>
    public static NDarray expand_dims(NDarray a, int axis) => new(a.Tensor.unsqueeze(axis));

    /// <summary>Arrays joined along an existing axis, as <c>np.concatenate</c>.</summary>
    /// <param name="arrays">The arrays: the same shape but along the axis.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A new array.</returns>
    public static NDarray concatenate(NDarray[] arrays, int axis = 0)
    {
        var tensors = Joinable(arrays, "concatenate");
        int rank = (int)tensors[0].dim();
        int along = axis < 0 ? axis + rank : axis;
        if (along < 0 || along >= rank) throw new ArgumentException($"concatenate's axis {axis} is outside arrays of {rank} axes.");
        for (int i = 1; i < tensors.Length; i++)
            if (tensors[i].dim() != rank || Enumerable.Range(0, rank).Any(d => d != along && tensors[i].shape[d] != tensors[0].shape[d]))
                throw new ArgumentException($"concatenate needs arrays of the same shape except along axis {axis}; array 0 has shape {arrays[0].shape}, array {i} has {arrays[i].shape}.");
        return new(cat(tensors, along));
    }

    /// <summary>Two arrays joined along an axis, as <c>np.concatenate((a, b))</c>.</summary>
    /// <param name="arys">The arrays.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A new array.</returns>
    public static NDarray concatenate((NDarray, NDarray) arys, int axis = 0) => concatenate(new[] { arys.Item1, arys.Item2 }, axis);

    /// <summary>Three arrays joined along an axis, as <c>np.concatenate((a, b, c))</c>.</summary>
    /// <param name="arys">The arrays.</param>
    /// <param name="axis">The axis.</param>
    /// <returns>A new array.</returns>
    public static NDarray concatenate((NDarray, NDarray, NDarray) arys, int axis = 0) => concatenate(new[] { arys.Item1, arys.Item2, arys.Item3 }, axis);

    /// <summary>Arrays of one shape joined along a new axis, as <c>np.stack(arrays, axis)</c>.</summary>
    /// <param name="arrays">The arrays, all of one shape.</param>
    /// <param name="axis">Where the new axis goes.</param>
    /// <returns>A new array.</returns>
    public static NDarray stack(NDarray[] arrays, int? axis = 0)
    {
        var tensors = Joinable(arrays, "stack");
        for (int i = 1; i < tensors.Length; i++)
            if (!tensors[i].shape.SequenceEqual(tensors[0].shape))
                throw new ArgumentException($"stack needs arrays of one shape; array 0 has shape {arrays[0].shape}, array {i} has {arrays[i].shape}.");
        int rank = (int)tensors[0].dim() + 1, at = axis ?? 0;
        if (at < -rank || at >= rank) throw new ArgumentException($"stack's axis {at} is outside the result's {rank} axes.");
        return new(TorchSharp.torch.stack(tensors, at));
    }

    /// <summary>Arrays joined column-wise, as <c>np.hstack</c>: along axis 1, or axis 0 for one-axis arrays.</summary>
    /// <param name="tup">The arrays.</param>
    /// <returns>A new array.</returns>
    public static NDarray hstack(params NDarray[] tup) => concatenate(tup, Joinable(tup, "hstack")[0].dim() == 1 ? 0 : 1);

    /// <summary>Arrays joined row-wise, as <c>np.vstack</c>: along axis 0, one-axis arrays taken as rows.</summary>
    /// <param name="tup">The arrays.</param>
    /// <returns>A new array.</returns>
    public static NDarray vstack(params NDarray[] tup) =>
        concatenate(Joinable(tup, "vstack").Select(t => new NDarray(t.dim() == 0 ? t.reshape(1, 1) : t.dim() == 1 ? t.unsqueeze(0) : t)).ToArray(), 0);

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

    private static Tensor[] Joinable(NDarray[] arrays, string function)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Length == 0) throw new ArgumentException($"{function} needs at least one array.");
        return arrays.Select(a => (a ?? throw new ArgumentException($"{function} got a null array.")).Tensor).ToArray();
    }
}
