using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// <c>np.random</c>: <c>seed</c>, <c>rand</c>, <c>randn</c>, <c>randint</c>, <c>permutation</c>. The draws come from
/// the current session's NumPy-style generator (<see cref="Keras.RandomState"/>), which <c>Util.SetRandomSeed</c> seeds,
/// so a Keras seed fixes them; it also seeds the data iterators' own generators.
/// </summary>
public sealed class NpRandom
{
    internal NpRandom()
    {
    }

    private static Keras.RandomState State => Keras.Session.Current.Random;

    private static double NextDouble() => State.NextDouble();

    private static int Next(int low, int high) => State.Next(low, high);

    /// <summary>Seeds the current session's NumPy-style generator, as <c>np.random.seed(n)</c>; libtorch's is left alone.</summary>
    /// <param name="seed">The seed.</param>
    public void seed(int seed) => State.SeedNumpy(seed);

    /// <summary>Uniform values in [0, 1), as <c>np.random.rand(d0, d1, ...)</c>.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray rand(params int[] shape) => Fill(shape, NextDouble);

    /// <summary>Standard normal values, as <c>np.random.randn(d0, d1, ...)</c>.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray randn(params int[] shape) => Fill(shape, () => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble()));

    /// <summary>Integers in [low, high), as <c>np.random.randint(low, high, size)</c>.</summary>
    /// <param name="low">The smallest value.</param>
    /// <param name="high">One above the largest value.</param>
    /// <param name="size">The sizes; null for one value in a one-element array.</param>
    /// <returns>An int64 array.</returns>
    public NDarray randint(int low, int high, int[]? size = null)
    {
        if (high <= low) throw new ArgumentException($"randint needs low < high; got low={low}, high={high}.");
        var dims = size ?? new[] { 1 };
        long n = dims.Aggregate(1L, (a, b) => a * b);
        var values = new long[n];
        for (long i = 0; i < n; i++) values[i] = Next(low, high);
        return new NDarray(tensor(values, dims.Select(d => (long)d).ToArray()));
    }

    /// <summary>0..n-1 in a random order, as <c>np.random.permutation(n)</c>.</summary>
    /// <param name="n">How many.</param>
    /// <returns>An int64 array.</returns>
    public NDarray permutation(int n)
    {
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = Next(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new NDarray(tensor(order));
    }

    private static NDarray Fill(int[] shape, Func<double> draw)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[n];
        for (long i = 0; i < n; i++) values[i] = draw();
        return new NDarray(tensor(values, shape.Select(d => (long)d).ToArray()));
    }
}
