using System.Runtime.CompilerServices;
using Keras.Native;

namespace KerasSharp.Tests;

internal static class TestSetup
{
    // Some tests call TorchSharp before any KerasSharp type, so the loader hook is installed up front,
    // as docs/native-loading.md tells programs that do the same. ConsumerTests covers the automatic path.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Initialize() => TorchSharpNativeLoader.Initialize();
#pragma warning restore CA2255
}
