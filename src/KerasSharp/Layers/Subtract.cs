using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>Subtract</c>: its first input minus its second.</summary>
public sealed class Subtract : Merge
{
    /// <summary>A layer that merges tensors; apply it to them (<c>layer.Apply(a, b)</c>).</summary>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Subtract(string? name = null, string? dtype = null) : base(name, dtype)
    {
    }

    /// <summary>The layer applied at once to <paramref name="inputs"/>, as Keras.NET writes it (<c>new Subtract(a, b)</c>); it stands for its output.</summary>
    /// <param name="inputs">The tensors to merge.</param>
    public Subtract(params BaseLayer[] inputs) : base(null, null) => Apply(inputs);

    private protected override int MaxInputs => 2;

    internal static Subtract FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) => new(name);

    private protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => inputs[0] - inputs[1];
}
