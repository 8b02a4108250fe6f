using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Keras;

/// <summary>
/// What the processor can do for libtorch, read as the operating system reports it: .NET's hardware-intrinsics flags
/// (which honour what the OS enables, unlike a raw CPUID read under a hypervisor that masks AVX-512) and, for the
/// bfloat16 instructions .NET has no flag for, CPUID. No <c>/proc/cpuinfo</c>: it exists on Linux alone. A cap that
/// oneDNN honours (<c>ONEDNN_MAX_CPU_ISA</c>) is taken into account, since it decides which kernels run.
/// </summary>
internal static class CpuInfo
{
    /// <summary>What the CPU can do with bfloat16, as libtorch's oneDNN sees it.</summary>
    internal enum BFloat16Support
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

    /// <summary>oneDNN's instruction-set caps, oldest first, as <c>ONEDNN_MAX_CPU_ISA</c> names them.</summary>
    private static readonly string[] IsaOrder =
    {
        "SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2", "AVX512_CORE", "AVX512_CORE_VNNI", "AVX512_CORE_BF16",
        "AVX10_1_512", "AVX512_CORE_FP16", "AVX10_1_512_AMX", "AVX512_CORE_AMX", "AVX10_1_512_AMX_FP16", "AVX512_CORE_AMX_FP16", "AVX10_2_512",
    };

    /// <summary>The processor's name: CPUID's brand string on x86, else the architecture.</summary>
    public static string ModelName { get; } = ReadModelName();

    /// <summary>The bfloat16 support libtorch gets on this machine, under the oneDNN cap in this process's environment.</summary>
    public static BFloat16Support BFloat16 => Classify(
        Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported,
        Avx512F.IsSupported && Bit(X86Base.IsSupported && X86Base.CpuId(0, 0).Eax >= 7 ? X86Base.CpuId(7, 1).Eax : 0, 5),
        X86Base.IsSupported && X86Base.CpuId(0, 0).Eax >= 7 && Bit(X86Base.CpuId(7, 0).Edx, 22),
        MaxIsa(), X86Base.IsSupported);

    /// <summary>The oneDNN cap set in the environment, if any (<c>ONEDNN_MAX_CPU_ISA</c>, or its older name <c>DNNL_MAX_CPU_ISA</c>).</summary>
    public static string? MaxIsa() =>
        Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } isa ? isa : Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA");

    /// <summary>
    /// The support a CPU with these features gives under <paramref name="maxIsa"/>: native with AVX512_BF16 (on AVX-512)
    /// or AMX-BF16, emulated with AVX-512 alone, reference kernels otherwise; a cap below an instruction set takes it away.
    /// </summary>
    internal static BFloat16Support Classify(bool avx512, bool avx512Bf16, bool amxBf16, string? maxIsa, bool x86 = true)
    {
        if (!x86) return BFloat16Support.Unknown;
        int cap = maxIsa is null ? -1 : Array.IndexOf(IsaOrder, maxIsa.Trim().ToUpperInvariant());
        bool Allows(string isa) => cap < 0 || cap >= Array.IndexOf(IsaOrder, isa);
        if ((avx512 && avx512Bf16 && Allows("AVX512_CORE_BF16")) || (amxBf16 && Allows("AVX10_1_512_AMX"))) return BFloat16Support.Native;
        return avx512 && Allows("AVX512_CORE") ? BFloat16Support.Emulated : BFloat16Support.Reference;
    }

    private static string ReadModelName()
    {
        if (!X86Base.IsSupported || (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax < 0x80000004)
            return $"{RuntimeInformation.ProcessArchitecture} processor";
        var bytes = new List<byte>();
        for (int leaf = 0; leaf < 3; leaf++)
        {
            var (a, b, c, d) = X86Base.CpuId(unchecked((int)0x80000002) + leaf, 0);
            foreach (int register in new[] { a, b, c, d }) bytes.AddRange(BitConverter.GetBytes(register));
        }
        return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\0').Trim();
    }

    private static bool Bit(int register, int bit) => ((register >> bit) & 1) == 1;
}
