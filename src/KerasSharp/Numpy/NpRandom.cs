using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// <c>np.random</c>: <c>seed</c>, <c>rand</c>, <c>randn</c>, <c>normal</c>, <c>uniform</c>, <c>randint</c>,
/// <c>permutation</c>, <c>shuffle</c>. The draws follow NumPy's distributions, not its bit streams; they come from
/// the current session's NumPy-style generator (<see cref="Keras.RandomState"/>), which <c>Util.SetRandomSeed</c> seeds,
/// so a Keras seed fixes them; it also seeds the data iterators' own generators.
/// </summary>
public sealed class NpRandom
{
    internal NpRandom()
    {
    }

    private static Keras.RandomState State => Keras.Session.Current.Random;

    /// <summary>Seeds the current session's NumPy-style generator, as <c>np.random.seed(n)</c>; libtorch's is left alone.</summary>
    /// <param name="seed">The seed.</param>
    public void seed(int seed) => State.SeedNumpy(seed);

    /// <summary>Uniform values in [0, 1), as <c>np.random.rand(d0, d1, ...)</c>.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray rand(params int[] shape) => Fill(shape, random => random.NextDouble());

    /// <summary>Standard normal values, as <c>np.random.randn(d0, d1, ...)</c>.</summary>
    /// <param name="shape">The sizes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray randn(params int[] shape) => Fill(shape, StandardNormal);

    /// <summary>Normal values, as <c>np.random.normal(loc, scale, size)</c>.</summary>
    /// <param name="loc">The mean.</param>
    /// <param name="scale">The standard deviation; not negative.</param>
    /// <param name="size">The sizes; null for one value in an array of no axes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray normal(double loc = 0.0, double scale = 1.0, int[]? size = null)
    {
        if (!(scale >= 0)) throw new ArgumentException($"np.random.normal needs scale >= 0; got {scale}.");
        return Fill(size ?? Array.Empty<int>(), random => loc + scale * StandardNormal(random));
    }

    /// <summary>Normal values in one axis, as <c>np.random.normal(loc, scale, 10)</c>.</summary>
    /// <param name="loc">The mean.</param>
    /// <param name="scale">The standard deviation; not negative.</param>
    /// <param name="size">How many.</param>
    /// <returns>A float64 array.</returns>
    public NDarray normal(double loc, double scale, int size) => normal(loc, scale, new[] { size });

    /// <summary>Uniform values in [low, high), as <c>np.random.uniform(low, high, size)</c>.</summary>
    /// <param name="low">The lower bound, included.</param>
    /// <param name="high">The upper bound, excluded.</param>
    /// <param name="size">The sizes; null for one value in an array of no axes.</param>
    /// <returns>A float64 array.</returns>
    public NDarray uniform(double low = 0.0, double high = 1.0, int[]? size = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high)) throw new ArgumentException($"np.random.uniform needs finite bounds; got low={low}, high={high}.");
        return Fill(size ?? Array.Empty<int>(), random => low + (high - low) * random.NextDouble());
    }

    /// <summary>
    /// Uniform values between bounds given as arrays, as Numpy.NET's <c>np.random.uniform(np.array(0f), np.array(1f), size)</c>:
    /// the bounds broadcast against <paramref name="size"/>.
    /// </summary>
    /// <param name="low">The lower bounds, included.</param>
    /// <param name="high">The upper bounds, excluded.</param>
    /// <param name="size">The sizes; null for the bounds' broadcast shape.</param>
    /// <returns>A float64 array.</returns>
    public NDarray uniform(NDarray low, NDarray high, int[]? size = null)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        var lows = low.Tensor.to_type(ScalarType.Float64);
        var highs = high.Tensor.to_type(ScalarType.Float64);
        long[] shape = size?.Select(d => (long)d).ToArray() ?? broadcast_shapes(lows.shape, highs.shape).Shape;
        using var unit = uniform(0, 1, shape.Select(d => checked((int)d)).ToArray()).Tensor;
        return new NDarray(lows + (highs - lows) * unit);
    }

    /// <summary>Uniform values in one axis, as <c>np.random.uniform(low, high, 10)</c>.</summary>
    /// <param name="low">The lower bound, included.</param>
    /// <param name="high">The upper bound, excluded.</param>
    /// <param name="size">How many.</param>
    /// <returns>A float64 array.</returns>
    public NDarray uniform(double low, double high, int size) => uniform(low, high, new[] { size });

    /// <summary>Shuffles an array in place along its first axis, as <c>np.random.shuffle(x)</c>: rows move, each row stays whole.</summary>
    /// <param name="x">The array, changed in place.</param>
    public void shuffle(NDarray x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ndim == 0) throw new ArgumentException("np.random.shuffle needs an array of at least one axis.");
        using var order = permutation((int)x.Tensor.shape[0]);
        using var shuffled = x.Tensor.index_select(0, order.Tensor.to(x.Tensor.device));
        x.Tensor.copy_(shuffled);
    }

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
        State.DrawNumpy(random =>
        {
            for (long i = 0; i < n; i++) values[i] = random.Next(low, high);
        });
        return new NDarray(tensor(values, dims.Select(d => (long)d).ToArray()));
    }

    /// <summary>0..n-1 in a random order, as <c>np.random.permutation(n)</c>.</summary>
    /// <param name="n">How many.</param>
    /// <returns>An int64 array.</returns>
    public NDarray permutation(int n)
    {
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        State.DrawNumpy(random =>
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = random.Next(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        });
        return new NDarray(tensor(order));
    }

    private static double StandardNormal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static NDarray Fill(int[] shape, Func<Random, double> draw)
    {
        if (shape.Any(d => d < 0)) throw new ArgumentException($"Sizes must not be negative; got ({string.Join(", ", shape)}).");
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[n];
        State.DrawNumpy(random =>
        {
            for (long i = 0; i < n; i++) values[i] = draw(random);
        });
        return new NDarray(tensor(values, shape.Select(d => (long)d).ToArray()));
    }
}
