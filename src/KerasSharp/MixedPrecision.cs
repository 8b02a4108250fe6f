namespace Keras;

/// <summary>
/// Keras's <c>keras.mixed_precision</c>: the global dtype policy that layers take when they are created without a
/// <c>dtype</c> (the current <see cref="Session"/>'s). <c>SetGlobalPolicy("mixed_bfloat16")</c> makes the layers built
/// afterwards compute in bfloat16 with float32 variables; a model's outputs, and so its loss and metrics, are float32,
/// and a softmax activation is computed in float32. "float32" is the default, and with it nothing changes. Setting a
/// mixed policy on a CPU without bfloat16 instructions warns once, as Keras's device compatibility check does.
/// </summary>
public static class MixedPrecision
{
    /// <summary>Sets the policy for layers created from now on, as <c>keras.mixed_precision.set_global_policy</c>.</summary>
    /// <param name="policy"><c>"float32"</c> or <c>"mixed_bfloat16"</c>.</param>
    public static void SetGlobalPolicy(string policy) => SetGlobalPolicy(new Policy(policy));

    /// <summary>Sets the policy for layers created from now on.</summary>
    /// <param name="policy">The policy.</param>
    public static void SetGlobalPolicy(Policy policy)
    {
        Session.Current.Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        DeviceCompatibilityCheck.Log(policy);
    }

    /// <summary>The policy layers created now take, as <c>keras.mixed_precision.global_policy()</c>.</summary>
    /// <returns>The policy.</returns>
    public static Policy GlobalPolicy() => Session.Current.Policy;
}
