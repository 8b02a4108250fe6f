using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Constraints;

/// <summary>Projects a weight back onto an allowed set after each optimizer update.</summary>
public abstract class Constraint
{
    private static readonly NameRegistry<Constraint> Known = new("constraint", new()
    {
        ["max_norm"] = () => new MaxNorm(),
        ["maxnorm"] = () => new MaxNorm(),
        ["MaxNorm"] = () => new MaxNorm(),
    });

    /// <summary>The constrained value of a weight given in Keras's layout.</summary>
    /// <param name="w">The weight's value in Keras's layout.</param>
    /// <returns>The constrained value.</returns>
    public abstract Tensor Apply(Tensor w);

    /// <summary>The constraint with a Keras name, with its default arguments.</summary>
    /// <param name="name"><c>"maxnorm"</c> or <c>"max_norm"</c>.</param>
    /// <returns>A new constraint.</returns>
    public static Constraint Get(string name) => Known.Get(name);

    /// <summary>Lets a Keras name stand for a constraint, as in Python: <c>kernel_constraint: "max_norm"</c>.</summary>
    /// <param name="name">The constraint's Keras name.</param>
    public static implicit operator Constraint(string name) => Get(name);
}
