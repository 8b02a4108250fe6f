namespace Keras.Datasets;

/// <summary>
/// NumPy's legacy <c>np.random.seed(n)</c> and <c>np.random.shuffle</c> (MT19937 seeded with init_genrand; Fisher-Yates
/// from the end, each index drawn by masked rejection), exactly, so that Keras's text datasets come out in the order
/// Keras's <c>load_data(seed=113)</c> gives.
/// </summary>
internal sealed class NumpyLegacyRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index;

    public NumpyLegacyRandom(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++) _state[i] = unchecked(1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    /// <summary>MT19937's next 32 bits (genrand_int32).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (int k = 0; k < N; k++)
            {
                uint y = (_state[k] & 0x80000000u) | (_state[(k + 1) % N] & 0x7fffffffu);
                _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
        uint x = _state[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        return x ^ (x >> 18);
    }

    /// <summary>A uniform integer in [0, max], as NumPy's random_interval (32-bit draws for max below 2^32).</summary>
    private ulong Interval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
            while ((value = NextUInt32() & mask) > max) { }
        else
            while ((value = ((ulong)NextUInt32() << 32 | NextUInt32()) & mask) > max) { }
        return value;
    }

    /// <summary>Shuffles in place as <c>np.random.shuffle</c> shuffles a one-axis array.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (long i = items.LongLength - 1; i > 0; i--)
        {
            long j = (long)Interval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
