using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Keras.Utils;

namespace Keras.Native;

/// <summary>
/// Makes TorchSharp's native wrapper load on Linux systems whose libstdc++ is older than the one it
/// was linked against (Debian 12, Ubuntu 22.04). <c>libLibTorchSharp.so</c> of TorchSharp 0.107 lists
/// <c>GLIBCXX_3.4.32</c> among its needs, but no relocation uses a symbol of that version (it only
/// anchors <c>std::ios_base_library_init</c>), so marking the requirement weak is safe.
/// </summary>
/// <remarks>
/// Chosen over a build step because it works for any program that references KerasSharp (projects,
/// packages, notebooks) without MSBuild support. It hooks
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>, which .NET raises only after its own probing
/// failed, so a system with a new enough libstdc++ never sees the patch. Only when the loader names a
/// missing version is a patched copy written into a cache folder (never into the NuGet cache),
/// atomically and once, and loaded instead.
/// </remarks>
public static partial class TorchSharpNativeLoader
{
    private const string WrapperName = "LibTorchSharp";
    private static readonly object Gate = new();
    private static bool _registered;
    private static IntPtr _handle;

    /// <summary>What happened when the wrapper was loaded, for diagnostics.</summary>
    public static string Status { get; private set; } = "no patch used: the library loaded as shipped, or has not been loaded yet";

    /// <summary>The patched copy in use, or null when the library loaded as shipped.</summary>
    public static string? PatchedLibraryPath { get; private set; }

    /// <summary>
    /// Installs the hook. Runs automatically when KerasSharp is first used; call it yourself only
    /// if your program calls TorchSharp before touching any KerasSharp type.
    /// </summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
            if (!OperatingSystem.IsLinux()) return;
            // Hosts such as .NET Interactive load packages into a context of their own.
            var torchContext = AssemblyLoadContext.GetLoadContext(typeof(TorchSharp.torch).Assembly);
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
            if (torchContext is not null && torchContext != AssemblyLoadContext.Default)
                torchContext.ResolvingUnmanagedDll += Resolve;
            PreloadLibTorch();
            LibTorchSettings.Apply();
        }
    }

#pragma warning disable CA2255 // A library module initializer is the point here: it must run before TorchSharp's first P/Invoke.
    [ModuleInitializer]
    internal static void OnModuleLoad() => Initialize();
#pragma warning restore CA2255

    private static IntPtr Resolve(Assembly assembly, string libraryName)
    {
        if (libraryName != WrapperName || assembly != typeof(TorchSharp.torch).Assembly) return IntPtr.Zero;
        lock (Gate)
        {
            if (_handle != IntPtr.Zero) return _handle;
            string? original = FindWrapper();
            if (original is null)
            {
                Status = "libLibTorchSharp.so was not found next to TorchSharp.dll or in the native search directories";
                return IntPtr.Zero;
            }
            try
            {
                _handle = LoadWithWeakenedVersions(original);
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException or DllNotFoundException)
            {
                Status = e.Message;
                return IntPtr.Zero;
            }
            return _handle;
        }
    }

    private static IntPtr LoadWithWeakenedVersions(string original)
    {
        var weakened = new SortedSet<string>(StringComparer.Ordinal);
        string candidate = original;
        // libtorch is already mapped (PreloadLibTorch), so the copy's needs are met by soname even
        // though its $ORIGIN runpath no longer points at libtorch's folder.
        while (true)
        {
            string error;
            try
            {
                IntPtr handle = NativeLibrary.Load(candidate);
                Status = weakened.Count == 0
                    ? $"loaded {original} as shipped"
                    : $"loaded {candidate}: a copy of {original} with {string.Join(", ", weakened)} marked optional";
                return handle;
            }
            catch (DllNotFoundException e)
            {
                error = e.Message;
            }
            var missing = MissingVersion().Matches(error).Select(m => m.Groups[1].Value).Where(v => !weakened.Contains(v)).ToList();
            if (missing.Count == 0)
                throw new DllNotFoundException($"Loading {candidate} failed: {error}");
            weakened.UnionWith(missing);
            candidate = PatchedCopy(original, weakened);
            PatchedLibraryPath = candidate;
        }
    }

    /// <summary>Writes (once) a copy of the library with the given versions weak; returns its path.</summary>
    internal static string PatchedCopy(string original, IReadOnlyCollection<string> versions, string? cacheRoot = null)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        string tag = string.Join("+", versions);
        string folder = Path.Combine(cacheRoot ?? CacheRoot(), $"{hash}-weak-{tag}");
        string target = Path.Combine(folder, Path.GetFileName(original));
        if (File.Exists(target) && IsPatched(target, versions)) return target;

        var elf = new ElfVersionNeeds(bytes, original);
        foreach (var v in versions) elf.MakeWeak(v);
        AtomicFile.Write(target, stream => stream.Write(elf.Image));
        return target;
    }

    private static bool IsPatched(string path, IReadOnlyCollection<string> versions)
    {
        try
        {
            var needs = new ElfVersionNeeds(File.ReadAllBytes(path), path).VersionNeeds();
            return versions.All(v => needs.Any(n => n.Version == v) && needs.Where(n => n.Version == v).All(n => n.IsWeak));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Maps the libtorch that belongs to this TorchSharp, by full path and dependencies first, before
    /// TorchSharp loads anything. glibc then resolves every later need of <c>libc10.so</c>,
    /// <c>libtorch_cpu.so</c> and the rest by soname to these files, so another libtorch on the system
    /// (Debian's python3-torch, a conda environment on LD_LIBRARY_PATH) is never picked up: with
    /// LD_LIBRARY_PATH set, the loader would otherwise search it before the libraries' own runpath.
    /// </summary>
    private static void PreloadLibTorch()
    {
        if (MappedLibTorchFiles().Count > 0) return; // TorchSharp was used first; what it mapped stays.
        string? folder = LibTorchFolder();
        if (folder is null)
        {
            Status = "libtorch was not found next to TorchSharp.dll or in the NuGet package of the version it expects";
            return;
        }
        try
        {
            LoadWithDependencies(folder, "libtorch.so", new HashSet<string>(StringComparer.Ordinal));
            LibTorchFolderInUse = folder;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or InvalidDataException or IOException)
        {
            Status = $"preloading libtorch from {folder} failed: {e.Message}";
        }
    }

    private static void LoadWithDependencies(string folder, string library, HashSet<string> seen)
    {
        if (!seen.Add(library)) return;
        string path = Path.Combine(folder, library);
        foreach (string needed in ElfDependencies.Needed(path))
            if (File.Exists(Path.Combine(folder, needed))) LoadWithDependencies(folder, needed, seen);
        NativeLibrary.Load(path);
    }

    /// <summary>The folder libtorch was mapped from by KerasSharp, or null if it did not map it.</summary>
    public static string? LibTorchFolderInUse { get; private set; }

    /// <summary>
    /// The libtorch files (<c>libc10*</c>, <c>libtorch*</c>) mapped into this process, from
    /// <c>/proc/self/maps</c>: which libtorch a program really runs on. Empty where there is no such file.
    /// </summary>
    public static IReadOnlyList<string> MappedLibTorchFiles()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return Array.Empty<string>();
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : null)
            .OfType<string>()
            .Where(path => Path.GetFileName(path) is string name && (name.StartsWith("libc10", StringComparison.Ordinal) || name.StartsWith("libtorch", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Where this TorchSharp's libtorch lives: next to TorchSharp.dll (an application's output), or in the
    /// NuGet package of exactly the libtorch version this TorchSharp was built for (notebooks load packages
    /// from the NuGet cache, where libtorch sits in a package of its own); never another version.
    /// </summary>
    internal static string? LibTorchFolder()
    {
        static bool HasLibTorch(string folder) =>
            File.Exists(Path.Combine(folder, "libtorch.so")) && File.Exists(Path.Combine(folder, "libtorch_cpu.so")) && File.Exists(Path.Combine(folder, "libc10.so"));
        return CandidateFolders().Concat(LibTorchPackageFolders()).Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).FirstOrDefault(HasLibTorch);
    }

    /// <summary>TorchSharp.dll's folder, its runtimes/RID/native subfolders and .NET's native search folders.</summary>
    private static List<string> CandidateFolders()
    {
        var folders = SearchDirectories().ToList();
        string? here = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(here))
        {
            folders.Add(here);
            // An application's output folder, then the NuGet package itself (lib/net8.0 -> runtimes/...).
            foreach (string root in new[] { here, Path.Combine(here, "..", "..") })
            {
                folders.Add(Path.Combine(root, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
                folders.Add(Path.Combine(root, "runtimes", "linux-x64", "native"));
            }
        }
        return folders;
    }

    /// <summary>
    /// packages/libtorch-cpu-RID/VERSION/runtimes/RID/native, VERSION being the one TorchSharp names in its
    /// own <c>libtorchPackageVersion</c>, in the package folder TorchSharp.dll came from, then the NuGet caches.
    /// </summary>
    private static IEnumerable<string> LibTorchPackageFolders()
    {
        var field = typeof(TorchSharp.torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static);
        if (field?.GetRawConstantValue() is not string text || !Version.TryParse(text, out var expected)) yield break;
        string version = expected.Revision > 0 ? expected.ToString() : expected.ToString(3); // NuGet's folder name

        var roots = new List<string>();
        string? here = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(here)) roots.Add(Path.Combine(here, "..", "..", "..", "..")); // packages/torchsharp/VERSION/lib/TFM
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom) roots.Add(custom);
        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        foreach (string root in roots)
            foreach (string rid in new[] { RuntimeInformation.RuntimeIdentifier, "linux-x64" })
                yield return Path.Combine(root, $"libtorch-cpu-{rid}", version, "runtimes", rid, "native");
    }

    private static IEnumerable<string> SearchDirectories() =>
        AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs
            ? dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : Enumerable.Empty<string>();

    private static string? FindWrapper() =>
        CandidateFolders().Select(f => Path.GetFullPath(Path.Combine(f, "libLibTorchSharp.so"))).FirstOrDefault(File.Exists);

    private static string CacheRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string preferred = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(home, ".cache");
        string root = Path.Combine(preferred, "kerassharp", "native");
        try
        {
            Directory.CreateDirectory(root);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string fallback = Path.Combine(Path.GetTempPath(), $"kerassharp-native-{Environment.UserName}");
            Directory.CreateDirectory(fallback);
            return fallback;
        }
    }

    [GeneratedRegex("version `([^']+)' not found")]
    private static partial Regex MissingVersion();
}
