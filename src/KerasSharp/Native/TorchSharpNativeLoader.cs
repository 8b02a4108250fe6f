using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

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
            string? original = FindWrapper(assembly);
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
        // .NET's own probing failed, possibly because libtorch lives in another folder (a NuGet cache
        // used directly, as notebooks do): bring the dependencies in first.
        // The patched copies differ only in a version flag, so these are their dependencies too.
        PreloadDependencies(original);
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
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(original)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(elf.Image);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
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
    /// The copy lives outside the original folder, so its $ORIGIN runpath no longer finds libtorch:
    /// load the needed libraries first, from the original folder, the native search directories, or the
    /// folders of libraries already mapped (TorchSharp loads libtorch_cpu itself); the loader then matches
    /// them by soname.
    /// </summary>
    private static void PreloadDependencies(string library)
    {
        string originalFolder = Path.GetDirectoryName(library)!;
        var folders = new List<string> { originalFolder };
        folders.AddRange(SearchDirectories());
        folders.AddRange(MappedLibraryFolders());
        folders.AddRange(LibTorchPackageFolders(originalFolder));
        var elf = new ElfVersionNeeds(File.ReadAllBytes(library), library);
        foreach (string needed in elf.Needed())
        {
            string? path = folders.Distinct().Select(f => Path.Combine(f, needed)).FirstOrDefault(File.Exists);
            if (path is not null) NativeLibrary.Load(path);
        }
    }

    /// <summary>
    /// In a NuGet cache (packages/torchsharp/VERSION/runtimes/RID/native), libtorch's own packages sit
    /// beside TorchSharp's: packages/libtorch-cpu-linux-x64/VERSION/runtimes/RID/native; newest first.
    /// </summary>
    private static IEnumerable<string> LibTorchPackageFolders(string nativeFolder)
    {
        var native = new DirectoryInfo(nativeFolder);
        var packages = native.Parent?.Parent?.Parent?.Parent;
        if (packages is null || native.Parent?.Parent?.Name != "runtimes" || !Directory.Exists(packages.FullName)) return Enumerable.Empty<string>();
        string rid = native.Parent.Name;
        return packages.EnumerateDirectories("libtorch-*")
            .SelectMany(package => package.EnumerateDirectories().OrderByDescending(v => v.Name, StringComparer.Ordinal))
            .Select(version => Path.Combine(version.FullName, "runtimes", rid, "native"))
            .Where(Directory.Exists)
            .ToList();
    }

    private static IEnumerable<string> SearchDirectories() =>
        AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs
            ? dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : Enumerable.Empty<string>();

    private static IEnumerable<string> MappedLibraryFolders()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return Enumerable.Empty<string>();
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : null)
            .Where(path => path is not null && path.Contains(".so", StringComparison.Ordinal))
            .Select(path => Path.GetDirectoryName(path)!)
            .Distinct()
            .ToList();
    }

    private static string? FindWrapper(Assembly assembly)
    {
        const string file = "libLibTorchSharp.so";
        var folders = SearchDirectories().ToList();
        string? here = Path.GetDirectoryName(assembly.Location);
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
        return folders.Select(f => Path.GetFullPath(Path.Combine(f, file))).FirstOrDefault(File.Exists);
    }

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
