using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>_Merge</c>: a layer that combines several tensors of one shape element by element (<see cref="Add"/>,
/// <see cref="Subtract"/>, <see cref="Multiply"/>, <see cref="Average"/>, <see cref="Maximum"/>, <see cref="Minimum"/>).
/// Built with tensors (<c>new Add(a, b)</c>, as Keras.NET writes it), it applies itself at once and stands for its output.
/// </summary>
public abstract class Merge : Layer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    /// <summary>Names the layer, as every layer.</summary>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>add_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    protected Merge(string? name, string? dtype) : base(name, null, dtype)
    {
    }

    /// <summary>The fewest inputs a merge takes.</summary>
    private const int MinInputs = 2;

    /// <summary>The most inputs the layer takes.</summary>
    private protected virtual int MaxInputs => int.MaxValue;

    /// <inheritdoc/>
    protected override IReadOnlyList<Shape> Build(IReadOnlyList<Shape> inputShapes, Device device)
    {
        if (inputShapes.Count < MinInputs || inputShapes.Count > MaxInputs)
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) merges {(MinInputs == MaxInputs ? $"exactly {MinInputs}" : $"at least {MinInputs}")} tensors; it was applied to {inputShapes.Count}.");
        return new[] { MergedShape(inputShapes) };
    }

    /// <summary>The merged shape; by default the inputs must share one shape.</summary>
    private protected virtual Shape MergedShape(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Any(s => !s.Equals(shapes[0])))
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) merges tensors of one shape; it was applied to {string.Join(", ", shapes.Select(s => s.ToBatchString()))}.");
        return shapes[0];
    }

    internal override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) => new[] { Combine(inputs) };

    /// <summary>The merge itself, on tensors in engine layout.</summary>
    private protected abstract Tensor Combine(IReadOnlyList<Tensor> inputs);

    private protected override void AddConfig(JsonObject config)
    {
    }
}
