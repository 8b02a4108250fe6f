using TorchSharp;
using static TorchSharp.torch;

namespace Keras;

/// <summary>Keras's activation functions by name, as <c>keras.activations</c>.</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, long, Tensor>> Known = new()
    {
        ["linear"] = (x, _) => x,
        ["relu"] = (x, _) => nn.functional.relu(x),
        // A bfloat16 or float16 softmax is computed in float32, as Keras advises under a mixed policy.
        ["softmax"] = (x, axis) => x.element_size() < 4 ? x.softmax(axis, ScalarType.Float32) : x.softmax(axis),
        ["sigmoid"] = (x, _) => x.sigmoid(),
        ["tanh"] = (x, _) => x.tanh(),
        ["elu"] = (x, _) => nn.functional.elu(x, 1.0),
        ["selu"] = (x, _) => nn.functional.selu(x),
        ["softplus"] = (x, _) => nn.functional.softplus(x),
        // Keras 2's hard_sigmoid (its recurrent layers' default gate): clip(0.2 x + 0.5, 0, 1).
        ["hard_sigmoid"] = (x, _) => (x * 0.2 + 0.5).clamp(0, 1),
    };

    /// <summary>The activation names KerasSharp knows.</summary>
    public static IReadOnlyCollection<string> Names => Known.Keys;

    /// <summary>Checks a name and returns it in canonical form ("linear" for null).</summary>
    /// <param name="name">An activation's Keras name, or null for none.</param>
    /// <returns>The name; <c>linear</c> for null.</returns>
    public static string Validate(string? name)
    {
        string n = name ?? "linear";
        if (!Known.ContainsKey(n))
            throw new ArgumentException($"Unknown activation '{name}'. Valid names: {string.Join(", ", Known.Keys)}.");
        return n;
    }

    /// <summary>Applies a named activation; <paramref name="axis"/> is the axis softmax normalises over.</summary>
    /// <param name="name">The activation's Keras name.</param>
    /// <param name="x">The values to activate.</param>
    /// <param name="axis">The axis softmax normalises over; the last by default.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Apply(string name, Tensor x, long axis = -1) => Known[Validate(name)](x, axis);
}
