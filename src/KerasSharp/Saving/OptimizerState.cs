using Keras.Layers;
using Keras.Optimizers;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// An optimizer's state as each file format orders it, from KerasSharp's one order (weight by weight, each weight's
/// kinds in turn; <see cref="Optimizer.GetState"/>). Keras 2.2 (<c>optimizer.get_weights()</c>) puts
/// <c>iterations</c> first for SGD and Adam, then each kind for every weight (Adam: every m, then every v), then
/// Adam's unused <c>vhat</c>s; tf.keras 2.0-2.10 the same with <c>iter</c> first for every optimizer; tf.keras
/// 2.11+ <c>iteration</c>, then weight by weight; Keras 3 iterations, the learning rate, then weight by weight. Reading
/// tries each layout the saved count and shapes allow; state that fits none is skipped with a warning, and training
/// starts with a fresh optimizer, as Keras does.
/// </summary>
internal static class OptimizerState
{
    /// <summary>What a file holds for an optimizer, matched to its state: the step count, and which saved tensor is each state tensor (null: none is saved).</summary>
    public sealed record Match(long? Iterations, int[]? Indices);

    /// <summary>The state as Keras 2.2's <c>save_model</c> writes <c>optimizer_weights</c>: names and values in Keras 2.2's order.</summary>
    public static List<(string Name, Tensor Value)> Keras2(Optimizer optimizer, IReadOnlyList<Weight> weights)
    {
        string opt = optimizer.GetType().Name;
        var entries = new List<(string, Tensor)>();
        if (optimizer.KerasWeightsStartWithIterations) entries.Add(($"{opt}/iterations:0", tensor(optimizer.Iterations)));
        var state = optimizer.GetState(weights).ToList();
        int k = optimizer.StateCount, n = weights.Count, variable = 0;
        string Next() => variable++ == 0 ? $"training/{opt}/Variable:0" : $"training/{opt}/Variable_{variable - 1}:0";
        for (int kind = 0; kind < k; kind++)
            for (int i = 0; i < n; i++) entries.Add((Next(), state[i * k + kind]));
        if (optimizer.Keras2UnusedSlot is { } unused)
            for (int i = 0; i < n; i++) entries.Add((Next(), zeros(unused.Dims.Select(d => (long)d).ToArray())));
        return entries;
    }

    /// <summary>Matches a Keras 2 or tf.keras <c>optimizer_weights</c> list (names and shapes) to the optimizer's state; null when nothing fits.</summary>
    public static Match? MatchKeras2(Optimizer optimizer, IReadOnlyList<Weight> weights, IReadOnlyList<(string Name, long[] Shape)> saved)
    {
        // Leading scalars: the step count, and (Keras 3's legacy h5) the learning rate.
        int first = saved.TakeWhile(x => x.Shape.Length == 0).Count();
        var rest = saved.Skip(first).ToList();
        int n = weights.Count, k = optimizer.StateCount;
        bool Fits(Func<int, int, int> at) => Enumerable.Range(0, n).All(i => Enumerable.Range(0, k).All(j => Same(rest[at(i, j)].Shape, weights[i].Shape)));
        int[] Indices(Func<int, int, int> at) => Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, k).Select(j => first + at(i, j))).ToArray();
        int KindMajor(int i, int j) => j * n + i;
        int WeightMajor(int i, int j) => i * k + j;

        if (rest.Count == n * k && n * k > 0)
        {
            // tf.keras 2.11+ and Keras 3 name each weight's kinds in turn (Adam/m/dense/kernel:0 then Adam/v/dense/kernel:0;
            // adam/dense_kernel_momentum then adam/dense_kernel_velocity); the others go kind by kind.
            bool byWeight = k > 1 && SameVariable(rest[0].Name, rest[1].Name);
            foreach (var at in byWeight ? new Func<int, int, int>[] { WeightMajor, KindMajor } : new Func<int, int, int>[] { KindMajor, WeightMajor })
                if (Fits(at)) return new Match(first >= 1 ? 0 : null, Indices(at));
        }
        // Keras 2.1-2.3's Adam adds a vhat per weight, (1,) unless amsgrad; KerasSharp's Adam has no use for it.
        if (optimizer.Keras2UnusedSlot is { } unused && rest.Count == n * (k + 1) && Fits(KindMajor)
            && rest.Skip(n * k).Select((r, i) => Same(r.Shape, unused) || Same(r.Shape, weights[i].Shape)).All(x => x))
            return new Match(first >= 1 ? 0 : null, Indices(KindMajor));
        // tf.keras's SGD without momentum keeps no state.
        if (rest.Count == 0 && optimizer is SGD { Momentum: 0 }) return new Match(first >= 1 ? 0 : null, null);
        return null;
    }

    /// <summary>Matches Keras 3's <c>optimizer/vars</c> after its iterations and learning rate: weight by weight.</summary>
    public static Match? MatchKeras3(Optimizer optimizer, IReadOnlyList<Weight> weights, IReadOnlyList<long[]> saved)
    {
        int n = weights.Count, k = optimizer.Keras3SlotCount;
        if (saved.Count != n * k) return null;
        if (k == 0) return new Match(0, null);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                if (!Same(saved[i * k + j], weights[i].Shape)) return null;
        return k == optimizer.StateCount ? new Match(0, Enumerable.Range(0, n * k).ToArray()) : null;
    }

    /// <summary>The state in Keras 3's order (weight by weight, Keras 3's kinds): none for SGD without momentum.</summary>
    public static IEnumerable<Tensor> Keras3(Optimizer optimizer, IReadOnlyList<Weight> weights) =>
        optimizer.Keras3SlotCount == 0 ? Enumerable.Empty<Tensor>() : optimizer.GetState(weights);

    /// <summary>
    /// Whether two state names belong to one variable: tf.keras 2.11+'s <c>Adam/m/dense/kernel:0</c> and
    /// <c>Adam/v/dense/kernel:0</c>, or Keras 3's <c>adam/dense_kernel_momentum</c> and <c>adam/dense_kernel_velocity</c>.
    /// </summary>
    private static bool SameVariable(string a, string b)
    {
        static string? Tf211(string name) => name.Split('/') is { Length: >= 3 } parts ? string.Join('/', parts[2..]) : null;
        static string? Keras3(string name) => name.LastIndexOf('_') is int at and > 0 && name[(at + 1)..].All(char.IsAsciiLetterLower) ? name[..at] : null;
        return (Tf211(a) is { } x && x == Tf211(b)) || (Keras3(a) is { } y && y == Keras3(b));
    }

    private static bool Same(long[] dims, Shape shape) => dims.SequenceEqual(shape.Dims.Select(d => (long)d));
}
