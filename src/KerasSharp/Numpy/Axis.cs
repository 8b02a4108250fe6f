namespace Numpy;

/// <summary>
/// One axis or several, as Numpy.NET's <c>Axis</c>: <c>np.std(x, 0)</c>, <c>x.max(new[] { 0, 1 })</c>, <c>np.amax(x, (0, 1))</c>.
/// A negative axis counts from the end.
/// </summary>
public sealed class Axis
{
    /// <summary>These axes.</summary>
    /// <param name="axes">The axes.</param>
    public Axis(params int[] axes) => Axes = (int[])(axes ?? throw new ArgumentNullException(nameof(axes))).Clone();

    /// <summary>The axes.</summary>
    public int[] Axes { get; }

    /// <summary>One axis.</summary>
    /// <param name="axis">The axis.</param>
    public static implicit operator Axis(int axis) => new(axis);

    /// <summary>Several axes.</summary>
    /// <param name="axes">The axes.</param>
    public static implicit operator Axis(int[] axes) => new(axes);

    /// <summary>Two axes.</summary>
    /// <param name="axes">The axes.</param>
    public static implicit operator Axis((int, int) axes) => new(axes.Item1, axes.Item2);

    /// <summary>Three axes.</summary>
    /// <param name="axes">The axes.</param>
    public static implicit operator Axis((int, int, int) axes) => new(axes.Item1, axes.Item2, axes.Item3);
}
