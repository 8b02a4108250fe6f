using System.Runtime.InteropServices;

namespace Keras.Native;

/// <summary>
/// libtorch settings that PyTorch exposes as <c>torch.backends.*</c> flags and TorchSharp does not, set through
/// libtorch's own exported C++ functions (Itanium-mangled, so on Linux alone).
/// </summary>
/// <remarks>
/// NNPACK: libtorch asks NNPACK whether it can run every time it picks a convolution kernel, and on CPUs NNPACK does
/// not know, it logs "Could not initialize NNPACK! Reason: Unsupported hardware." on standard error each time: twice
/// per single-image Predict of a two-convolution network. On x86-64, oneDNN runs libtorch's CPU convolutions, and
/// NNPACK only ever stands in where oneDNN is switched off, so KerasSharp turns it off, as
/// <c>torch.backends.nnpack.set_flags(False)</c> would, and the question is never asked.
/// </remarks>
internal static class LibTorchSettings
{
    // Kept once found; until then looked for at each call, since where KerasSharp's preload failed TorchSharp maps libtorch later.
    private static IntPtr _library;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetFlag(IntPtr context);

    /// <summary>Turns NNPACK off on x86-64 Linux, in the libtorch this process has mapped; elsewhere does nothing.</summary>
    public static void Apply()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        if (Export<SetFlag>("_ZN2at7Context20setUserEnabledNNPACKEb") is { } set && Context() is { } context) set(context, false);
    }

    /// <summary>libtorch's NNPACK flag, as <c>torch.backends.nnpack.enabled</c>; null where it cannot be read.</summary>
    public static bool? NnpackEnabled =>
        Export<GetFlag>("_ZNK2at7Context17userEnabledNNPACKEv") is { } get && Context() is { } context ? get(context) : null;

    private static IntPtr? Context() => Export<GlobalContext>("_ZN2at13globalContextEv") is { } get ? get() : null;

    /// <summary>A function of the libtorch_cpu.so this process has mapped (never another one on the system), or null.</summary>
    private static T? Export<T>(string symbol) where T : Delegate =>
        Library() is { } library && NativeLibrary.TryGetExport(library, symbol, out var address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : null;

    private static IntPtr? Library()
    {
        if (_library != IntPtr.Zero) return _library;
        if (!OperatingSystem.IsLinux()) return null;
        string? mapped = TorchSharpNativeLoader.MappedLibTorchFiles().FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so");
        return mapped is not null && NativeLibrary.TryLoad(mapped, out var library) ? _library = library : null;
    }
}
