namespace Keras;

/// <summary>
/// A Keras shape without the batch axis, such as <c>(32, 32, 3)</c>. Converts implicitly from an
/// int or a tuple so that C# calls read like Python: <c>input_shape: (32, 32, 3)</c>.
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly int[] _dims;

    /// <summary>A shape of these dimensions.</summary>
    /// <param name="dims">The sizes, each positive, without the batch axis.</param>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (int d in dims)
            if (d <= 0) throw new ArgumentException($"Shape dimensions must be positive; got ({string.Join(", ", dims)}).", nameof(dims));
        _dims = (int[])dims.Clone();
    }

    private Shape(int[] dims, bool _) => _dims = dims;

    /// <summary>An array's shape, where an axis may be empty (size 0).</summary>
    internal static Shape Of(long[] dims) => new(dims.Select(d => checked((int)d)).ToArray(), false);

    /// <summary>The sizes, without the batch axis.</summary>
    public IReadOnlyList<int> Dims => _dims;

    /// <summary>The sizes as an array, under Numpy.NET's name.</summary>
    public int[] Dimensions => (int[])_dims.Clone();

    /// <summary>The number of axes.</summary>
    public int Rank => _dims.Length;

    /// <summary>One size; a negative axis counts from the end, as in Python.</summary>
    /// <param name="axis">The axis, from 0, or from -1 for the last.</param>
    public int this[int axis] => _dims[axis < 0 ? _dims.Length + axis : axis];

    /// <summary>Some of the axes, as Python's <c>shape[1:]</c>: <c>x_train.shape[1..]</c>.</summary>
    /// <param name="range">The axes.</param>
    public Shape this[Range range] => new(_dims[range], false);

    /// <summary>Number of elements one sample of this shape holds.</summary>
    public long Size => _dims.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>A one-axis shape: <c>input_shape: 784</c>.</summary>
    /// <param name="d">The size.</param>
    public static implicit operator Shape(int d) => new(d);
    /// <summary>A two-axis shape: <c>(3, 3)</c>.</summary>
    /// <param name="t">The sizes.</param>
    public static implicit operator Shape((int, int) t) => new(t.Item1, t.Item2);
    /// <summary>A three-axis shape: <c>(32, 32, 3)</c>.</summary>
    /// <param name="t">The sizes.</param>
    public static implicit operator Shape((int, int, int) t) => new(t.Item1, t.Item2, t.Item3);
    /// <summary>A four-axis shape.</summary>
    /// <param name="t">The sizes.</param>
    public static implicit operator Shape((int, int, int, int) t) => new(t.Item1, t.Item2, t.Item3, t.Item4);
    /// <summary>A two-axis shape from Keras.NET's <c>(3, 3).ToTuple()</c>.</summary>
    /// <param name="t">The sizes.</param>
    public static implicit operator Shape(Tuple<int, int> t) => new(t.Item1, t.Item2);
    /// <summary>A three-axis shape from Keras.NET's <c>(32, 32, 3).ToTuple()</c>.</summary>
    /// <param name="t">The sizes.</param>
    public static implicit operator Shape(Tuple<int, int, int> t) => new(t.Item1, t.Item2, t.Item3);
    /// <summary>A shape from an array of sizes.</summary>
    /// <param name="dims">The sizes.</param>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>A tensor's shape, or part of it: <c>input_shape: x_train.shape[1..]</c> as Python's <c>x_train.shape[1:]</c>.</summary>
    /// <param name="dims">The sizes, each within int's range.</param>
    public static implicit operator Shape(long[] dims) => new(dims.Select(d => checked((int)d)).ToArray());

    /// <summary>The shape with a leading batch axis, as Keras prints it: <c>(None, 32, 32, 3)</c>.</summary>
    public string ToBatchString() => PythonTuple(new[] { "None" }.Concat(_dims.Select(d => d.ToString())));

    /// <summary>The shape as a Python tuple: <c>(32, 32, 3)</c>, <c>(10,)</c>.</summary>
    public override string ToString() => PythonTuple(_dims.Select(d => d.ToString()));

    internal static string PythonTuple(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? $"({list[0]},)" : $"({string.Join(", ", list)})";
    }


    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.SequenceEqual(other._dims);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);
    /// <inheritdoc/>
    public override int GetHashCode() => _dims.Aggregate(17, (h, d) => h * 31 + d);
}
