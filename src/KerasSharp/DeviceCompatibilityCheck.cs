using System.Runtime.Intrinsics.X86;
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

    /// <summary>What the CPU can do with bfloat16, as libtorch's oneDNN sees it.</summary>
    internal enum CpuSupport
    {
        /// <summary>AVX512_BF16 or AMX-BF16 instructions: oneDNN's bfloat16 kernels.</summary>
        Native,
        /// <summary>AVX-512 without bfloat16 instructions: oneDNN emulates them.</summary>
        Emulated,
        /// <summary>No AVX-512: libtorch falls back to its reference bfloat16 kernels.</summary>
        Reference,
        /// <summary>Not an x86 CPU: not checked.</summary>
        Unknown,
    }

    /// <summary>Writes the warning for a mixed global policy once per process, if this CPU needs one.</summary>
    public static void Log(Policy policy)
    {
        if (!policy.IsMixed || _logged || cuda.is_available()) return;
        _logged = true;
        if (Warning(Detect()) is { } warning) Console.Error.WriteLine(warning);
    }

    /// <summary>The warning for a CPU, or null when bfloat16 is fast on it or it was not checked.</summary>
    internal static string? Warning(CpuSupport support) => support switch
    {
        CpuSupport.Emulated =>
            "Mixed precision compatibility check (mixed_bfloat16): WARNING\n" +
            "This CPU has AVX-512 but no bfloat16 instructions (AVX512_BF16, AMX-BF16), so bfloat16 is emulated and the model " +
            "will likely run slower than in float32 (the tutorial's 4-conv network trained 1.7x slower with such a CPU emulated). Use \"float32\" here.",
        CpuSupport.Reference =>
            "Mixed precision compatibility check (mixed_bfloat16): WARNING\n" +
            "This CPU has neither bfloat16 instructions nor AVX-512, so libtorch computes bfloat16 with its reference kernels and " +
            "the model will run many times slower than in float32 (the tutorial's 4-conv network trained 16x slower with such a CPU emulated). Use \"float32\" here.",
        _ => null,
    };

    /// <summary>The CPU's bfloat16 support from CPUID: leaf 7 gives AVX-512 (F, DQ, BW, VL) and AMX-BF16, leaf 7.1 AVX512_BF16.</summary>
    internal static CpuSupport Detect()
    {
        if (!X86Base.IsSupported) return CpuSupport.Unknown;
        if (X86Base.CpuId(0, 0).Eax < 7) return CpuSupport.Reference;
        var (_, ebx, _, edx) = X86Base.CpuId(7, 0);
        bool avx512 = Bit(ebx, 16) && Bit(ebx, 17) && Bit(ebx, 30) && Bit(ebx, 31);
        bool amxBf16 = Bit(edx, 22);
        bool avx512Bf16 = Bit(X86Base.CpuId(7, 1).Eax, 5);
        return (avx512 && avx512Bf16) || amxBf16 ? CpuSupport.Native : avx512 ? CpuSupport.Emulated : CpuSupport.Reference;
    }

    private static bool Bit(int register, int bit) => ((register >> bit) & 1) == 1;
}
