using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>Multiply</c>: the element-wise product of its inputs.</summary>
public sealed class Multiply : Merge
{
    /// <summary>A layer that merges tensors; apply it to them (<c>layer.Apply(a, b)</c>).</summary>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Multiply(string? name = null, string? dtype = null) : base(name, dtype)
    {
    }

    /// <summary>The layer applied at once to <paramref name="inputs"/>, as Keras.NET writes it (<c>new Multiply(a, b)</c>); it stands for its output.</summary>
    /// <param name="inputs">The tensors to merge.</param>
    public Multiply(params BaseLayer[] inputs) : base(null, null) => Apply(inputs);

    internal static Multiply FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) => new(name);

    private protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (a, b) => a * b);
}
