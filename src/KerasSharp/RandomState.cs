using static TorchSharp.torch;

namespace Keras;

/// <summary>
/// One session's random numbers: a libtorch generator (weight initialisation, shuffling, dropout; one per device, all
/// seeded alike) and a NumPy-style generator (<c>np.random</c>, the data iterators' seeds). Models keep the one they
/// were built under, so two models built in two sessions never draw from each other's stream, and a seed repeats
/// everything drawn from it. Safe to use from several threads.
/// </summary>
public sealed class RandomState : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Generator> _generators = new();
    private Random _numpy = new(0);
    private long _seed;

    internal RandomState(long seed) => Seed(seed);

    /// <summary>The seed last given.</summary>
    public long InitialSeed
    {
        get { lock (_gate) return _seed; }
    }

    /// <summary>Seeds both generators, as <c>Util.SetRandomSeed</c> does for the current session.</summary>
    /// <param name="seed">The seed.</param>
    public void Seed(long seed)
    {
        lock (_gate)
        {
            _seed = seed;
            foreach (var generator in _generators.Values) generator.manual_seed(seed);
        }
        SeedNumpy(seed);
    }

    /// <summary>Seeds the NumPy-style generator alone, as <c>np.random.seed</c> leaves Keras's own seed alone.</summary>
    internal void SeedNumpy(long seed)
    {
        lock (_gate) _numpy = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
    }

    /// <summary>The libtorch generator for tensors on <paramref name="device"/>, made on first use from the seed.</summary>
    internal Generator For(Device device)
    {
        string key = device.type == TorchSharp.DeviceType.CPU ? "cpu" : device.ToString();
        lock (_gate)
        {
            if (!_generators.TryGetValue(key, out var generator))
                _generators[key] = generator = new Generator(unchecked((ulong)_seed), key == "cpu" ? CPU : device);
            return generator;
        }
    }

    /// <summary>The CPU generator's state, as a checkpoint keeps it.</summary>
    internal byte[] GetState()
    {
        using var state = For(CPU).get_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>The size of a libtorch CPU generator's state: libtorch aborts the process on a state of another size.</summary>
    internal static long StateSize { get; } = ReadStateSize();

    private static long ReadStateSize()
    {
        using var generator = new Generator(0, CPU);
        using var state = generator.get_state();
        return state.shape[0];
    }

    /// <summary>Puts back a state <see cref="GetState"/> gave; one of another size than <see cref="StateSize"/> is refused, as libtorch would abort on it.</summary>
    internal void SetState(byte[] state)
    {
        if (state.Length != StateSize) throw new ArgumentException($"A CPU generator's state has {StateSize} bytes; this one has {state.Length}.", nameof(state));
        using var value = tensor(state);
        For(CPU).set_state(value);
    }

    /// <summary>Runs a whole array's draws on the NumPy-style generator under one lock, so no other thread's come between them.</summary>
    internal void DrawNumpy(Action<Random> draws)
    {
        lock (_gate) draws(_numpy);
    }

    /// <summary>A seed for a generator of its own (a data iterator's), drawn from the NumPy-style one.</summary>
    internal long NextSeed()
    {
        lock (_gate) return _numpy.NextInt64();
    }

    /// <summary>Frees the libtorch generators.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var generator in _generators.Values) generator.Dispose();
            _generators.Clear();
        }
    }
}
