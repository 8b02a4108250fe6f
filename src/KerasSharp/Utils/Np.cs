using static TorchSharp.torch;

namespace Keras.Utils;

/// <summary>
/// The few NumPy idioms the tutorial uses, over <see cref="Tensor"/>: <c>np.where</c>, <c>np.argmax</c>,
/// <c>astype</c> and <c>np.random.randint</c>. Results are tensors; no data leaves libtorch.
/// </summary>
public static class Np
{
    private static Random _random = new(0);

    internal static void Seed(long seed) => _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));

    /// <summary>A uniform draw in [0, 1) from this generator, for <c>np.random</c>.</summary>
    internal static double NextDouble() => _random.NextDouble();

    /// <summary>A seed for a generator of its own (a data iterator's), drawn from this one, so the Keras seed fixes it too.</summary>
    internal static long NextSeed() => _random.NextInt64();

    /// <summary><c>np.where(condition)</c>: the indices where it holds, one index tensor per axis.</summary>
    /// <param name="condition">A boolean tensor.</param>
    /// <returns>One index tensor per axis.</returns>
    public static Tensor[] Where(Tensor condition)
    {
        using var nz = condition.nonzero();
        return Enumerable.Range(0, (int)condition.dim()).Select(axis => nz.select(1, axis).contiguous()).ToArray();
    }

    /// <summary><c>np.argmax(a, axis)</c>.</summary>
    /// <param name="a">The values.</param>
    /// <param name="axis">The axis to reduce; the last by default.</param>
    /// <returns>The indices of the largest values, int64.</returns>
    public static Tensor ArgMax(Tensor a, int axis = -1) => a.argmax(axis);

    /// <summary><c>a.astype(dtype)</c> for "float32", "float64", "uint8", "int32", "int64", "bool".</summary>
    /// <param name="a">The values.</param>
    /// <param name="dtype">The NumPy name of the type to convert to.</param>
    /// <returns>A converted copy.</returns>
    public static Tensor AsType(Tensor a, string dtype) => a.to(dtype switch
    {
        "float32" or "float" => ScalarType.Float32,
        "float64" or "double" => ScalarType.Float64,
        "uint8" => ScalarType.Byte,
        "int32" => ScalarType.Int32,
        "int64" or "int" => ScalarType.Int64,
        "bool" => ScalarType.Bool,
        _ => throw new ArgumentException($"Unknown dtype '{dtype}'. Valid: float32, float64, uint8, int32, int64, bool."),
    });

    /// <summary><c>np.random.randint(high)</c>: an integer in [0, high).</summary>
    /// <param name="high">One above the largest value.</param>
    /// <returns>The integer.</returns>
    public static int RandInt(int high) => RandInt(0, high);

    /// <summary><c>np.random.randint(low, high)</c>: an integer in [low, high).</summary>
    /// <param name="low">The smallest value.</param>
    /// <param name="high">One above the largest value.</param>
    /// <returns>The integer.</returns>
    public static int RandInt(int low, int high)
    {
        if (high <= low) throw new ArgumentException($"randint needs low < high; got low={low}, high={high}.");
        return _random.Next(low, high);
    }
}
