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
    public abstract Tensor Apply(Tensor w);

    public static Constraint Get(string name) => Known.Get(name);

    public static implicit operator Constraint(string name) => Get(name);
}
