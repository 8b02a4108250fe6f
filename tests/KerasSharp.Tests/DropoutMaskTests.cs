using Keras.Layers;
using Keras.Utils;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Dropout under the mixed_bfloat16 policy draws its mask from SplitMix64 (DropoutMask): the mask is that stream, keeps
/// 1 - rate of the elements independently, follows the inputs' layout, repeats with the seed and carries the gradient;
/// float32 dropout is still libtorch's own.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class DropoutMaskTests
{
    private const ushort FourThirds = 0x3FAB; // bfloat16 of 1 / (1 - 0.25)

    [Fact]
    public void The_mask_is_the_SplitMix64_stream_split_into_32_bit_halves()
    {
        // 103 elements: three 16-output vector blocks, a scalar tail and a last lone element.
        const ulong seed = 0x0123456789ABCDEFUL;
        uint threshold = DropoutMask.Threshold(0.25);
        Assert.Equal(1u << 30, threshold);
        var mask = new ushort[103];
        DropoutMask.Fill(mask, seed, threshold, FourThirds);

        var expected = new ushort[103];
        ulong state = seed;
        for (int i = 0; i < expected.Length; i += 2)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            expected[i] = (uint)z >= threshold ? FourThirds : (ushort)0;
            if (i + 1 < expected.Length) expected[i + 1] = (uint)(z >> 32) >= threshold ? FourThirds : (ushort)0;
        }
        Assert.Equal(expected, mask);
        Assert.Contains((ushort)0, mask);
        Assert.Contains(FourThirds, mask);
    }

    [Fact]
    public void A_bfloat16_mask_keeps_one_minus_rate_independently_in_the_inputs_layout()
    {
        Util.SetRandomSeed(11);
        // Channels-last images, as the engine's (N, C, H, W) views of (N, H, W, C) memory.
        using var inputs = ones(64, 32, 32, 16, dtype: ScalarType.BFloat16).permute(0, 3, 1, 2);
        using var mask = DropoutMask.Like(inputs, 0.25, Generator);

        Assert.Equal(inputs.stride(), mask.stride());
        Assert.Equal(ScalarType.BFloat16, mask.dtype);
        using var values = mask.to(ScalarType.Float32);
        using var distinct = values.unique().Item1;
        Assert.Equal(new[] { 0f, 1.3359375f }, distinct.data<float>().ToArray());

        using var kept = values.ne(0).to(ScalarType.Float64);
        double n = kept.numel(), fraction = kept.mean().item<double>();
        double sigma = Math.Sqrt(0.75 * 0.25 / n);
        Assert.InRange(fraction, 0.75 - 5 * sigma, 0.75 + 5 * sigma);

        // Neighbours in memory (the two halves of one output, and consecutive outputs) are uncorrelated.
        using var memory = kept.permute(0, 2, 3, 1).flatten();
        foreach (long lag in new long[] { 1, 2, 3 })
        {
            using var a = memory.narrow(0, 0, memory.shape[0] - lag) - 0.75;
            using var b = memory.narrow(0, lag, memory.shape[0] - lag) - 0.75;
            double correlation = (a * b).mean().item<double>() / (0.75 * 0.25);
            Assert.InRange(correlation, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        }
    }

    [Fact]
    public void Masks_repeat_with_the_seed_and_differ_from_pass_to_pass()
    {
        using var inputs = ones(1000, dtype: ScalarType.BFloat16);
        Util.SetRandomSeed(5);
        using var first = DropoutMask.Like(inputs, 0.5, Generator);
        using var second = DropoutMask.Like(inputs, 0.5, Generator);
        Util.SetRandomSeed(5);
        using var again = DropoutMask.Like(inputs, 0.5, Generator);
        Assert.True(first.equal(again).all().item<bool>());
        Assert.False(first.equal(second).all().item<bool>());
    }

    [Fact]
    public void Mixed_dropout_scales_what_it_keeps_and_passes_the_gradient_through_the_same_mask()
    {
        var layer = new Dropout(0.25, dtype: "mixed_bfloat16");
        using var x = linspace(1, 2, 4096).to(ScalarType.BFloat16).requires_grad_(true);
        using var y = layer.Call(x, Training(true));
        y.sum().backward();

        using var keptMask = y.ne(0);
        using var expected = (x.detach() * 1.3359375).where(keptMask, 0);
        Assert.True(y.detach().equal(expected).all().item<bool>());
        using var grad = x.grad!.to(ScalarType.Float32);
        using var expectedGrad = full(4096, 1.3359375f).where(keptMask, 0);
        Assert.True(grad.equal(expectedGrad).all().item<bool>());
        Assert.Same(x, layer.Call(x, Training(false)));
    }

    /// <summary>The session's generator, which models draw their masks from.</summary>
    private static Generator Generator => Keras.Session.Current.Random.For(CPU);

    private static CallContext Training(bool training) => new(training, Keras.Session.Current.Random);

    [Fact]
    public void Float32_dropout_draws_libtorchs_own_mask_from_the_models_generator()
    {
        var layer = new Dropout(0.25);
        using var x = rand(8, 100);
        Util.SetRandomSeed(9);
        using var ours = layer.Call(x, Training(true));
        Util.SetRandomSeed(9);
        using var libtorch = F.dropout(x, 0.25, training: true);
        Assert.True(ours.equal(libtorch).all().item<bool>());
    }
}
