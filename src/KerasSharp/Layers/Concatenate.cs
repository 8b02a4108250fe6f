using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>Concatenate</c>: its inputs joined along <c>axis</c> (the last by default), which may differ in size
/// along that axis alone. <c>new Concatenate(a, b)</c> (Keras.NET's form) applies it at once.
/// </summary>
public sealed class Concatenate : Merge
{
    /// <summary>A layer that joins tensors along an axis; apply it to them (<c>layer.Apply(a, b)</c>).</summary>
    /// <param name="axis">The axis to join along, counted with the batch axis as 0, or from the end when negative; -1 by default.</param>
    /// <param name="name">The layer's name; <c>concatenate_1</c> and so on by default.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Concatenate(int axis = -1, string? name = null, string? dtype = null) : base(name, dtype) => Axis = axis;

    /// <summary>The layer applied at once to <paramref name="inputs"/> along the last axis, as Keras.NET writes it: <c>new Concatenate(a, b)</c>.</summary>
    /// <param name="inputs">The tensors to join.</param>
    public Concatenate(params BaseLayer[] inputs) : this(-1) => Apply(inputs);

    /// <summary>The layer applied at once to <paramref name="inputs"/> along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to join along.</param>
    /// <param name="inputs">The tensors to join.</param>
    public Concatenate(int axis, params BaseLayer[] inputs) : this(axis) => Apply(inputs);

    /// <summary>The axis joined along, as given.</summary>
    public int Axis { get; }

    private int _axis;

    private protected override Shape MergedShape(IReadOnlyList<Shape> shapes)
    {
        int rank = shapes[0].Rank;
        _axis = Axis < 0 ? Axis + rank + 1 : Axis;
        if (_axis < 1 || _axis > rank || shapes.Any(s => s.Rank != rank))
            throw new ArgumentException($"Layer '{Name}' (Concatenate) joins along axis {Axis}, which tensors of shapes {string.Join(", ", shapes.Select(s => s.ToBatchString()))} do not have (the batch axis cannot be joined).");
        for (int d = 0; d < rank; d++)
            if (d != _axis - 1 && shapes.Any(s => s[d] != shapes[0][d]))
                throw new ArgumentException($"Layer '{Name}' (Concatenate) requires inputs with matching shapes except for the concat axis. Got inputs shapes: {string.Join(", ", shapes.Select(s => s.ToBatchString()))}.");
        var dims = shapes[0].Dims.ToArray();
        dims[_axis - 1] = shapes.Sum(s => s[_axis - 1]);
        return dims;
    }

    private protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => cat(inputs.ToList(), Layout.EngineAxis(_axis, (int)inputs[0].dim()));

    private protected override void AddConfig(JsonObject config) => config["axis"] = Axis;

    internal static Concatenate FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) => new(args.Int("axis", -1), name);
}
