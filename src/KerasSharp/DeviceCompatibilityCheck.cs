using static TorchSharp.torch;

namespace Keras;

/// <summary>
/// Keras's mixed-precision device compatibility check (keras/mixed_precision/device_compatibility_check.py), for the CPU:
/// when <c>SetGlobalPolicy("mixed_bfloat16")</c> is called on a machine without CUDA whose CPU computes bfloat16 slowly,
/// it says so once. Keras checks the GPU for mixed_float16 the same way.
/// </summary>
internal static class DeviceCompatibilityCheck
{
    private static bool _logged;

    /// <summary>Writes the warning for a mixed global policy once per process, if this CPU needs one.</summary>
    public static void Log(Policy policy)
    {
        if (!policy.IsMixed || _logged || cuda.is_available()) return;
        _logged = true;
        if (Warning(CpuInfo.BFloat16) is { } warning) Warnings.Warn(warning);
    }

    /// <summary>The warning for a CPU, or null when bfloat16 is fast on it or it was not checked.</summary>
    internal static string? Warning(CpuInfo.BFloat16Support support) => support switch
    {
        CpuInfo.BFloat16Support.Emulated =>
            "Mixed precision compatibility check (mixed_bfloat16): WARNING\n" +
            "This CPU has AVX-512 but no bfloat16 instructions (AVX512_BF16, AMX-BF16), so bfloat16 is emulated and the model " +
            "will likely run slower than in float32 (the tutorial's 4-conv network trained 1.7x slower with such a CPU emulated). Use \"float32\" here.",
        CpuInfo.BFloat16Support.Reference =>
            "Mixed precision compatibility check (mixed_bfloat16): WARNING\n" +
            "This CPU has neither bfloat16 instructions nor AVX-512, so libtorch computes bfloat16 with its reference kernels and " +
            "the model will run many times slower than in float32 (the tutorial's 4-conv network trained 16x slower with such a CPU emulated). Use \"float32\" here.",
        _ => null,
    };
}
