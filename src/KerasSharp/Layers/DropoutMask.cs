using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Dropout's multiplier for bfloat16 tensors on the CPU: 1 / (1 - rate) where an element is kept, 0 where it is dropped.
/// libtorch's <c>bernoulli_</c> draws one number at a time on CPUs other than Intel's (its vectorised MKL path is
/// Intel-only): 14.8 ms for the 6-conv network's 1.9 million dropped activations per step on this project's AMD machine,
/// more than its bfloat16 convolutions save. This draws the mask from a SplitMix64 stream, eight outputs per
/// AVX-512 instruction, in 0.5 ms. Each output gives two elements, one per 32-bit half; a half at or above
/// rate x 2^32 keeps its element. The seed comes from the model's libtorch generator, so <c>Util.SetRandomSeed</c> repeats the masks.
/// Other tensors, and the recurrent layers' masks, take libtorch's own draw (<see cref="Bernoulli"/>).
/// </summary>
internal static class DropoutMask
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL, Mix1 = 0xBF58476D1CE4E5B9UL, Mix2 = 0x94D049BB133111EBUL;

    /// <summary>
    /// libtorch's dropout multiplier, drawn as its dropout draws it but from <paramref name="generator"/>, into
    /// <paramref name="mask"/> (an empty tensor of the multiplier's shape, type and device), which it returns.
    /// </summary>
    public static Tensor Bernoulli(Tensor mask, double rate, Generator generator) => mask.bernoulli_(1 - rate, generator).div_(1 - rate);

    /// <summary>A multiplier shaped and laid out like <paramref name="inputs"/> (bfloat16, on the CPU) for one dropout pass.</summary>
    public static Tensor Like(Tensor inputs, double rate, Generator generator)
    {
        ulong seed = (ulong)randint(0, long.MaxValue, new long[] { 1 }, ScalarType.Int64, generator: generator).item<long>();
        ushort scale = BFloat16Bits(1 / (1 - rate));
        var mask = empty_like(inputs);
        // empty_like keeps the inputs' strides (channels-last images stay so); sorted by stride it is contiguous memory.
        var memoryOrder = Enumerable.Range(0, (int)mask.dim()).OrderByDescending(d => mask.stride(d)).Select(d => (long)d).ToArray();
        using (var flat = mask.permute(memoryOrder))
            Fill(MemoryMarshal.Cast<byte, ushort>(flat.bytes), seed, Threshold(rate), scale);
        return mask;
    }

    /// <summary>The 32-bit value at or above which a half keeps its element: rate x 2^32, rounded.</summary>
    internal static uint Threshold(double rate) => (uint)Math.Min(Math.Round(rate * 4294967296.0), uint.MaxValue);

    /// <summary>The bfloat16 bit pattern of a value, rounded as libtorch rounds float to bfloat16.</summary>
    private static ushort BFloat16Bits(double value)
    {
        using var one = full(1, value, ScalarType.BFloat16);
        return MemoryMarshal.Cast<byte, ushort>(one.bytes)[0];
    }

    /// <summary>
    /// Writes the mask: element 2k takes the low half of the k-th SplitMix64 output after <paramref name="seed"/>,
    /// element 2k + 1 its high half. <paramref name="kept"/> is written where the half is at least
    /// <paramref name="threshold"/>, 0 elsewhere.
    /// </summary>
    internal static void Fill(Span<ushort> mask, ulong seed, uint threshold, ushort kept)
    {
        long pairs = mask.Length / 2, k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8);
            var eight = Vector512.Create(8UL);
            var limit = Vector512.Create(threshold);
            var value = Vector512.Create((uint)kept);
            for (; k + 16 <= pairs; k += 16)
            {
                var first = Vector512.Create(seed) + (Vector512.Create((ulong)k) + lanes) * Vector512.Create(Gamma);
                var second = first + eight * Vector512.Create(Gamma);
                var low = Vector512.GreaterThanOrEqual(Mix(first).AsUInt32(), limit) & value;
                var high = Vector512.GreaterThanOrEqual(Mix(second).AsUInt32(), limit) & value;
                Vector512.Narrow(low, high).CopyTo(mask.Slice((int)(2 * k)));
            }
        }
        for (; k < pairs; k++)
        {
            ulong z = Mix(seed + (ulong)(k + 1) * Gamma);
            mask[(int)(2 * k)] = (uint)z >= threshold ? kept : (ushort)0;
            mask[(int)(2 * k + 1)] = (uint)(z >> 32) >= threshold ? kept : (ushort)0;
        }
        if (mask.Length % 2 == 1)
            mask[^1] = (uint)Mix(seed + (ulong)(pairs + 1) * Gamma) >= threshold ? kept : (ushort)0;
    }

    /// <summary>SplitMix64's output function.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }

    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector512.Create(Mix1);
        z = (z ^ (z >>> 27)) * Vector512.Create(Mix2);
        return z ^ (z >>> 31);
    }
}
