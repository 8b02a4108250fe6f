using Keras.Layers;
using Keras.Utils;

namespace Keras.Saving;

/// <summary>
/// The caps a model built from a config (a model file or model JSON, which anyone may have written) must keep, checked
/// before anything is allocated: at most <see cref="MaxParameters"/> weights in all (1 GiB of float32, four times
/// VGG16's 138 million), and when a file holds the weights, no more than it holds; and no layer making more than
/// <see cref="MaxActivation"/> values per sample. A layer over a cap is an error that names it and the numbers, never a
/// process killed for its memory. Models built in code are not capped.
/// </summary>
internal static class ConfigLimits
{
    /// <summary>The most weights a model built from a config may have.</summary>
    public const long MaxParameters = 1L << 28;

    /// <summary>The most values any layer of a model built from a config may make per sample.</summary>
    public const long MaxActivation = 1L << 28;

    private static readonly AsyncLocal<Budget?> Current = new();

    private sealed class Budget(long limit, string source)
    {
        public long Remaining { get; set; } = limit;
        public long Limit { get; } = limit;
        public string Source { get; } = source;
    }

    /// <summary>Applies the caps to every layer built until the returned scope is disposed; <paramref name="weightsHeld"/> is what the file holds, when known.</summary>
    public static IDisposable Enter(string source, long? weightsHeld = null)
    {
        var outer = Current.Value;
        Current.Value = new Budget(Math.Min(MaxParameters, weightsHeld ?? long.MaxValue), source);
        return new Scope(() => Current.Value = outer);
    }

    /// <summary>Counts a weight about to be made against the budget, if one applies.</summary>
    public static void Charge(Layer layer, string weight, Shape shape)
    {
        if (Current.Value is not { } budget) return;
        long size = shape.Size;
        if (size > budget.Remaining)
            throw new InvalidDataException(
                $"{budget.Source}: layer '{layer.Name}' ({layer.GetType().Name}) would hold a {weight} of shape {shape} ({PyFormat.Thousands(size)} weights), more than " +
                (budget.Limit < MaxParameters ? $"the {PyFormat.Thousands(budget.Limit)} weights the file holds in all: its config does not match its weights."
                    : $"a model read from a config may hold ({PyFormat.Thousands(MaxParameters)} in all)."));
        budget.Remaining -= size;
    }

    /// <summary>Checks a layer's output sizes against the cap, if one applies.</summary>
    public static void CheckOutputs(Layer layer, IEnumerable<Shape> outputs)
    {
        if (Current.Value is not { } budget) return;
        foreach (var shape in outputs)
            if (shape.Size > MaxActivation)
                throw new InvalidDataException(
                    $"{budget.Source}: layer '{layer.Name}' ({layer.GetType().Name}) would make {shape.ToBatchString()}, {PyFormat.Thousands(shape.Size)} values per sample, " +
                    $"more than a model read from a config may ({PyFormat.Thousands(MaxActivation)}).");
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
