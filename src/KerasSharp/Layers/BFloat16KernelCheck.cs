using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// libtorch chooses its bfloat16 convolution and matrix kernels by shape and CPU, and some of oneDNN's are wrong:
/// on some CPUs a 3x3 convolution with 1 to 8 channels returns values 40-60% off (pytorch/pytorch issue 163347,
/// open), silently. So the first time a layer runs bfloat16 kernels for a geometry (the exact shapes, strides and
/// arguments of the call), this probe runs them on random values beside float32 — forward, input gradient and weight
/// gradients — once per process and geometry. A geometry whose bfloat16 results are further from float32's than
/// bfloat16 rounding explains runs in float32 instead, with one warning naming the layer, the error and the issue.
/// </summary>
internal static class BFloat16KernelCheck
{
    /// <summary>The upstream report of wrong bfloat16 convolutions.</summary>
    public const string UpstreamIssue = "https://github.com/pytorch/pytorch/issues/163347";

    /// <summary>
    /// The largest relative error (L2 norm of the difference over the L2 norm of float32's result) a right kernel
    /// shows: bfloat16 keeps 8 significant bits, so rounding alone is off by up to 2^-9 per value; 8 such units,
    /// 2^-5, leave room for bfloat16 partial sums while the wrong kernels measured 0.38-0.63.
    /// </summary>
    public const double Tolerance = 1.0 / 32;

    /// <summary>What was found for one geometry: whether bfloat16 may be used, and the largest error seen.</summary>
    internal readonly record struct Verdict(bool Trusted, string Worst, double Error);

    private static readonly ConcurrentDictionary<string, Lazy<Verdict>> Verdicts = new();
    private static readonly ConcurrentDictionary<string, bool> Warned = new();

    /// <summary>
    /// The probe itself; tests replace it to make a geometry fail on a CPU whose kernels are right.
    /// </summary>
    internal static Func<Tensor, IReadOnlyList<Tensor>, Func<Tensor, IReadOnlyList<Tensor>, Tensor>, Verdict> Probe { get; set; } = Compare;

    /// <summary>Forgets every verdict, so that the next call probes again (for tests that replace <see cref="Probe"/>).</summary>
    internal static void Reset()
    {
        Verdicts.Clear();
        Warned.Clear();
    }

    /// <summary>
    /// Whether <paramref name="layer"/> may compute <paramref name="compute"/> in bfloat16 for these inputs and
    /// weights (in the compute type and layout the call uses); <paramref name="arguments"/> are the layer's own
    /// arguments that shape the kernel (strides, padding...). Probes once per geometry; warns once per layer and geometry.
    /// </summary>
    public static bool Trusts(Layer layer, string arguments, Tensor inputs, IReadOnlyList<Tensor> weights,
        Func<Tensor, IReadOnlyList<Tensor>, Tensor> compute)
    {
        string geometry = Geometry(arguments, inputs, weights);
        var verdict = Verdicts.GetOrAdd(geometry, _ => new Lazy<Verdict>(() => Probe(inputs, weights, compute))).Value;
        if (!verdict.Trusted && Warned.TryAdd($"{layer.Name}|{geometry}", true))
            Warnings.Warn(
                $"Warning: layer '{layer.Name}' ({layer.GetType().Name}) computes in float32 instead of bfloat16 for inputs {Shape.PythonTuple(Layout.ToKeras(inputs).shape.Select(d => d.ToString()))}: " +
                $"libtorch's bfloat16 kernels for it are wrong on this CPU ({verdict.Worst} off by {Math.Round(verdict.Error * 100).ToString(CultureInfo.InvariantCulture)}% of float32's, checked on random values). " +
                $"This is a libtorch bug, {UpstreamIssue}; the layer's answers stay right, at float32's speed.");
        return verdict.Trusted;
    }

    /// <summary>The call's geometry: its arguments, each tensor's shape and strides, and the device.</summary>
    private static string Geometry(string arguments, Tensor inputs, IReadOnlyList<Tensor> weights)
    {
        var text = new StringBuilder(arguments).Append('|').Append(inputs.device);
        foreach (var t in weights.Prepend(inputs))
            text.Append('|').AppendJoin(',', t.shape).Append('/').AppendJoin(',', t.stride());
        return text.ToString();
    }

    /// <summary>
    /// Runs <paramref name="compute"/> on random values laid out like the call's, in bfloat16 and in float32 on the
    /// same (bfloat16-rounded) values, and compares the output and every gradient.
    /// </summary>
    internal static Verdict Compare(Tensor inputs, IReadOnlyList<Tensor> weights, Func<Tensor, IReadOnlyList<Tensor>, Tensor> compute)
    {
        // Predict runs under inference mode, in which nothing records gradients; the probe needs them.
        using var inference = inference_mode(false);
        using var grad = enable_grad();
        using var scope = NewDisposeScope();
        // A generator of its own, so the probe draws nothing from the one that seeds the user's model.
        using var generator = new Generator(0x5EED, inputs.device);
        Tensor Random(Tensor like) => like.detach().clone().normal_(0, 1, generator);
        var low = new[] { inputs }.Concat(weights).Select(t => Random(t).requires_grad_(true)).ToList();
        var full = low.Select(t => t.detach().to(ScalarType.Float32).requires_grad_(true)).ToList();
        var lowOut = compute(low[0], low.Skip(1).ToList());
        var fullOut = compute(full[0], full.Skip(1).ToList());
        var upstream = Random(fullOut.to(ScalarType.Float32));
        lowOut.backward(new[] { upstream.to(lowOut.dtype) });
        fullOut.backward(new[] { upstream });

        var worst = ("the output", Error(lowOut, fullOut));
        for (int i = 0; i < low.Count; i++)
        {
            double error = Error(low[i].grad!, full[i].grad!);
            if (error > worst.Item2) worst = (i == 0 ? "the input gradient" : $"the gradient of weight {i}", error);
        }
        return new Verdict(worst.Item2 <= Tolerance, worst.Item1, worst.Item2);
    }

    private static double Error(Tensor low, Tensor full)
    {
        using var _ = no_grad();
        var reference = full.detach().to(ScalarType.Float64);
        double norm = reference.norm().item<double>();
        double difference = (low.detach().to(ScalarType.Float64) - reference).norm().item<double>();
        // A NaN or infinity from a wrong kernel must fail, never pass a comparison.
        return double.IsFinite(difference) ? difference / Math.Max(norm, double.Epsilon) : double.PositiveInfinity;
    }
}
