using static TorchSharp.torch;

namespace Keras;

/// <summary>
/// A layer's dtype policy, as Keras's <c>mixed_precision.Policy</c>: the type its computations run in and the type its
/// variables are kept in. <c>"float32"</c> computes and keeps float32; <c>"mixed_bfloat16"</c> computes in bfloat16 and
/// keeps the variables (and so the optimizer's updates) in float32.
/// </summary>
public sealed class Policy
{
    /// <summary>The policy of this name.</summary>
    /// <param name="name"><c>"float32"</c> or <c>"mixed_bfloat16"</c>.</param>
    public Policy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Compute = name switch
        {
            "float32" => ScalarType.Float32,
            "mixed_bfloat16" => ScalarType.BFloat16,
            _ => throw new ArgumentException($"The dtype policy \"{name}\" is not supported; KerasSharp has \"float32\" and \"mixed_bfloat16\"."),
        };
        Name = name;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The type computations run in: "float32" or "bfloat16".</summary>
    public string ComputeDtype => Compute == ScalarType.Float32 ? "float32" : "bfloat16";

    /// <summary>The type variables are kept in: always "float32".</summary>
    public string VariableDtype => "float32";

    internal ScalarType Compute { get; }

    internal bool IsMixed => Compute != ScalarType.Float32;

    /// <summary>As Keras prints a policy: <c>&lt;Policy "mixed_bfloat16"&gt;</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"<Policy \"{Name}\">";
}
