using Keras;
using Keras.Layers;
using Keras.Models;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The check of libtorch's bfloat16 kernels (pytorch/pytorch issue 163347: some CPUs' small convolutions are 40-60% off).
/// The probe is tested on kernels made wrong on purpose, so it is exercised on every CPU, right kernels or not; the
/// layers' fallback to float32 by making the probe fail. The verdicts are process-wide, so these tests run alone.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class BFloat16KernelCheckTests : IDisposable
{
    private readonly StringWriter _warnings = new();
    private readonly TextWriter? _writer = Warnings.Writer;

    public BFloat16KernelCheckTests()
    {
        BFloat16KernelCheck.Reset();
        Warnings.Writer = _warnings;
    }

    public void Dispose()
    {
        BFloat16KernelCheck.Probe = BFloat16KernelCheck.Compare;
        BFloat16KernelCheck.Reset();
        Warnings.Writer = _writer;
    }

    private static Tensor Convolve(Tensor x, IReadOnlyList<Tensor> w) => F.conv2d(x, w[0], w[1], padding: new long[] { 1, 1 });

    /// <summary>The best a bfloat16 kernel can do: float32 arithmetic, rounded to bfloat16 once at the end.</summary>
    private static Tensor Rounded(Tensor x, IReadOnlyList<Tensor> w) =>
        x.dtype == ScalarType.BFloat16 ? Convolve(x.to(ScalarType.Float32), w.Select(t => t.to(ScalarType.Float32)).ToList()).to(ScalarType.BFloat16) : Convolve(x, w);

    private static (Tensor X, Tensor[] W) Call(int channels) =>
        (zeros(32, channels, 8, 8, ScalarType.BFloat16), new[] { zeros(4, channels, 3, 3, ScalarType.BFloat16), zeros(4, ScalarType.BFloat16) });

    [Fact]
    public void The_probe_trusts_rounding_and_catches_a_wrong_output_or_a_wrong_gradient()
    {
        var layer = new Conv2D(4, 3, padding: "same", name: "probe_conv");
        var (x, w) = Call(1);
        Assert.True(BFloat16KernelCheck.Trusts(layer, "right", x, w, Rounded));

        // 40% off in the forward pass, as the wrong kernels measured.
        Tensor WrongOutput(Tensor t, IReadOnlyList<Tensor> v) => t.dtype == ScalarType.BFloat16 ? Rounded(t, v) * 1.4 : Rounded(t, v);
        Assert.False(BFloat16KernelCheck.Trusts(layer, "wrong output", x, w, WrongOutput));
        // Right forward, gradients half as large as they should be: only a backward comparison sees it.
        Tensor WrongGradient(Tensor t, IReadOnlyList<Tensor> v)
        {
            var y = Rounded(t, v);
            return t.dtype == ScalarType.BFloat16 ? y.detach() + (y - y.detach()) * 0.5 : y;
        }
        Assert.False(BFloat16KernelCheck.Trusts(layer, "wrong gradient", x, w, WrongGradient));

        string warnings = _warnings.ToString();
        Assert.Contains("layer 'probe_conv' (Conv2D) computes in float32 instead of bfloat16 for inputs (32, 8, 8, 1)", warnings);
        Assert.Contains("off by 40%", warnings.Split('\n')[0]);
        Assert.Contains("gradient", warnings.Split('\n')[1]);
        Assert.Contains(BFloat16KernelCheck.UpstreamIssue, warnings);

        // One probe and one warning per geometry: the same call again asks nothing and says nothing.
        int probes = 0;
        BFloat16KernelCheck.Probe = (t, v, c) => { probes++; return BFloat16KernelCheck.Compare(t, v, c); };
        Assert.False(BFloat16KernelCheck.Trusts(layer, "wrong output", x, w, WrongOutput));
        Assert.Equal(0, probes);
        Assert.Equal(2, _warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // Another geometry (here 8 channels) is probed on its own.
        var (x8, w8) = Call(8);
        Assert.False(BFloat16KernelCheck.Trusts(layer, "wrong output", x8, w8, WrongOutput));
        Assert.Equal(1, probes);
    }

    [Fact]
    public void The_probe_draws_nothing_from_the_generator_that_seeds_the_model()
    {
        var layer = new Conv2D(4, 3, name: "quiet_conv");
        var (x, w) = Call(2);
        Keras.Utils.Util.SetRandomSeed(5);
        BFloat16KernelCheck.Trusts(layer, "seeded", x, w, Rounded);
        using var after = rand(5);
        Keras.Utils.Util.SetRandomSeed(5);
        using var expected = rand(5);
        Assert.True(after.equal(expected).all().item<bool>());
    }

    private static Sequential Network(string? dtype)
    {
        var model = new Sequential();
        model.Add(new Conv2D(4, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1), dtype: dtype));
        model.Add(new Flatten(dtype: dtype));
        model.Add(new Dense(4, activation: "softmax", dtype: dtype));
        return model;
    }

    [Fact]
    public void A_layer_whose_bfloat16_kernels_fail_runs_in_float32_and_still_trains()
    {
        BFloat16KernelCheck.Probe = (_, _, _) => new BFloat16KernelCheck.Verdict(false, "the output", 0.63);
        Keras.Utils.Util.SetRandomSeed(3);
        // One layer each, so that no bfloat16 layer stands between: each gets its input in bfloat16 (Keras's autocast),
        // then computes in float32 on those values, exactly as a float32 layer does on them.
        foreach (var layer in new Func<string, Layer>[] { d => new Conv2D(4, 3, padding: "same", input_shape: (8, 8, 1), dtype: d), d => new Dense(4, input_shape: 6, dtype: d) })
        {
            var full = new Sequential(new[] { layer("float32") });
            var mixed = new Sequential(new[] { layer("mixed_bfloat16") });
            mixed.SetWeights(full.GetWeights());
            using var x = randn(new[] { 16L }.Concat(full.InputShape.Dims.Select(d => (long)d)).ToArray());
            using var rounded = x.to(ScalarType.BFloat16).to(ScalarType.Float32);
            using var expected = full.Predict(rounded);
            using var got = mixed.Predict(x);
            Assert.True(got.equal(expected).all().item<bool>(), $"largest difference {(got - expected).abs().max().item<float>()}");
            Assert.Contains($"layer '{mixed.Layers[0].Name}' ({mixed.Layers[0].GetType().Name}) computes in float32", _warnings.ToString());
        }
        Assert.Contains("the output off by 63%", _warnings.ToString());

        var network = Network("mixed_bfloat16");
        var (x8, y8, _) = SyntheticData.Quadrants(32, seed: 3);
        network.Compile(new Keras.Optimizers.SGD(lr: 0.1), "categorical_crossentropy", new[] { "accuracy" });
        var before = network.GetWeights();
        var history = network.Fit(x8, y8, batch_size: 8, epochs: 3, verbose: 0);
        Assert.All(history.history["loss"], l => Assert.True(double.IsFinite(l)));
        Assert.True(history.history["loss"][^1] < history.history["loss"][0]);
        Assert.False(before[0].equal(network.GetWeights()[0]).all().item<bool>()); // the float32 path's gradients reach the kernel
    }

    [Fact]
    public void Layers_whose_kernels_pass_compute_in_bfloat16()
    {
        BFloat16KernelCheck.Probe = (_, _, _) => new BFloat16KernelCheck.Verdict(true, "the output", 0.002);
        Keras.Utils.Util.SetRandomSeed(3);
        var full = Network("float32");
        var mixed = Network("mixed_bfloat16");
        mixed.SetWeights(full.GetWeights());
        using var x = rand(16, 8, 8, 1);
        using var rounded = x.to(ScalarType.BFloat16).to(ScalarType.Float32);
        using var a = full.Predict(rounded);
        using var b = mixed.Predict(x);
        Assert.InRange((a - b).abs().max().item<float>(), 1e-7, 0.02); // bfloat16 arithmetic: close, not the same
        Assert.Equal("", _warnings.ToString());
    }
}
