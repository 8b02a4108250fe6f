using System.Security.Cryptography;
using Keras.Models;
using Keras.Native;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class NativeLoaderTests
{
    private static string ShippedWrapper =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>Whether this machine's libstdc++ defines the version TorchSharp 0.107 asks for.</summary>
    private static bool SystemHasGlibcxx332()
    {
        string lib = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return File.Exists(lib) && System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(lib)).Contains("GLIBCXX_3.4.32");
    }

    [Fact]
    public void Libtorch_loads_and_runs_a_tensor_op_in_the_test_process()
    {
        _ = new Sequential();
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());

        if (OperatingSystem.IsLinux() && !SystemHasGlibcxx332())
        {
            // On Debian 12 and the like, the library can only have loaded through the patched copy.
            Assert.NotNull(TorchSharpNativeLoader.PatchedLibraryPath);
            Assert.Contains("marked optional", TorchSharpNativeLoader.Status);
            var needs = new ElfVersionNeeds(File.ReadAllBytes(TorchSharpNativeLoader.PatchedLibraryPath!), "patched").VersionNeeds();
            Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        }
    }

    [Fact]
    public void Nnpack_is_off_on_x64_linux_so_libtorch_never_logs_that_it_cannot_start()
    {
        _ = new Sequential();
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
            Assert.False(LibTorchSettings.NnpackEnabled);
        else
            Assert.Null(LibTorchSettings.NnpackEnabled);
    }

    [SkippableFact]
    public void Libtorch_is_mapped_only_from_the_folder_of_the_version_torchsharp_expects()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/self/maps and the preload are Linux's");
        using var a = ones(2, 2);
        string? folder = TorchSharpNativeLoader.LibTorchFolderInUse;
        Assert.NotNull(folder);
        var mapped = TorchSharpNativeLoader.MappedLibTorchFiles();
        Assert.Contains(Path.Combine(folder!, "libc10.so"), mapped);
        Assert.Contains(Path.Combine(folder!, "libtorch_cpu.so"), mapped);
        Assert.True(mapped.All(file => file.StartsWith(folder! + Path.DirectorySeparatorChar, StringComparison.Ordinal)), $"mapped from elsewhere than {folder}: {string.Join(", ", mapped)}");
    }

    [Fact]
    public void Dependencies_are_read_from_the_headers_without_reading_the_whole_library()
    {
        string folder = TorchSharpNativeLoader.LibTorchFolder()!;
        var needed = ElfDependencies.Needed(Path.Combine(folder, "libtorch_cpu.so"));
        Assert.Contains("libc10.so", needed);
        string bad = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-elf-").FullName, "bad.so");
        File.WriteAllBytes(bad, new byte[100]);
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => ElfDependencies.Needed(bad)).Message);
    }

    [Fact]
    public void The_shipped_wrapper_needs_glibcxx_3_4_32_for_no_relocated_symbol()
    {
        var elf = new ElfVersionNeeds(File.ReadAllBytes(ShippedWrapper), ShippedWrapper);
        var needs = elf.VersionNeeds();
        var need = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Empty(elf.RelocatedSymbolsOfVersion(need.Index));
        Assert.Contains("libtorch.so", ElfDependencies.Needed(ShippedWrapper));

        // A version whose symbols are really used must never be weakened.
        var used = needs.First(n => n.File == "libstdc++.so.6" && elf.RelocatedSymbolsOfVersion(n.Index).Count > 0);
        var e = Assert.Throws<InvalidOperationException>(() => elf.MakeWeak(used.Version));
        Assert.Contains("really uses", e.Message);
    }

    [Fact]
    public void The_patched_copy_differs_only_in_the_flag_and_is_written_once()
    {
        string cache = Directory.CreateTempSubdirectory("kerassharp-native-").FullName;
        byte[] original = File.ReadAllBytes(ShippedWrapper);
        string originalHash = Convert.ToHexString(SHA256.HashData(original));

        string patched = TorchSharpNativeLoader.PatchedCopy(ShippedWrapper, new[] { "GLIBCXX_3.4.32" }, cache);
        byte[] copy = File.ReadAllBytes(patched);
        Assert.Equal(original.Length, copy.Length);
        var differing = Enumerable.Range(0, copy.Length).Where(i => copy[i] != original[i]).ToList();
        Assert.Single(differing);
        Assert.Equal(originalHash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(ShippedWrapper))));

        var written = File.GetLastWriteTimeUtc(patched);
        Assert.Equal(patched, TorchSharpNativeLoader.PatchedCopy(ShippedWrapper, new[] { "GLIBCXX_3.4.32" }, cache));
        Assert.Equal(written, File.GetLastWriteTimeUtc(patched));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(patched)!));
    }

    [Fact]
    public void Files_that_are_not_64_bit_elf_are_refused_clearly()
    {
        var e = Assert.Throws<InvalidDataException>(() => new ElfVersionNeeds(new byte[100], "zeros.so"));
        Assert.Contains("not an ELF file", e.Message);
        var header = new byte[100];
        header[0] = 0x7f; header[1] = (byte)'E'; header[2] = (byte)'L'; header[3] = (byte)'F'; header[4] = 1; header[5] = 1;
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => new ElfVersionNeeds(header, "x.so")).Message);
    }
}
