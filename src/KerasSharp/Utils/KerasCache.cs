using System.Runtime.InteropServices;
namespace Keras.Utils;

/// <summary>
/// Keras's cache folder: <c>$KERAS_HOME</c> if set, else <c>~/.keras</c>; datasets live in its <c>datasets</c>
/// subfolder, under Keras's own file names, so a cache filled by Python Keras is reused as it is. When home is not
/// writable, a private folder in the temporary directory is used (<c>/tmp/keras-UID</c>, owner-only): unlike
/// Keras's shared <c>/tmp/.keras</c>, another user cannot plant files in it.
/// </summary>
public static class KerasCache
{
    /// <summary>The cache folder, created if needed.</summary>
    /// <param name="cache_dir">A folder to use instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    /// <returns>An absolute path.</returns>
    public static string Root(string? cache_dir = null)
    {
        if (!string.IsNullOrEmpty(cache_dir)) return Path.GetFullPath(cache_dir);
        string? home = Environment.GetEnvironmentVariable("KERAS_HOME");
        if (!string.IsNullOrEmpty(home)) return Path.GetFullPath(home);
        // .NET gives an empty home folder when HOME names one that does not exist (the nobody user's /nonexistent):
        // that is an unwritable home, as Keras finds it, never a relative .keras in the working folder.
        string homeFolder = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string? preferred = Path.IsPathRooted(homeFolder) ? Path.Combine(homeFolder, ".keras") : null;
        return preferred is not null && IsWritable(preferred) ? preferred : PrivateFolder(Path.Combine(Path.GetTempPath(), $"keras-{UserId()}"));
    }

    /// <summary>The folder for a cache subfolder such as "datasets"; created if missing.</summary>
    /// <param name="subdir">The subfolder, such as <c>datasets</c>; it must stay inside the cache.</param>
    /// <param name="cache_dir">The cache folder to use instead of the default.</param>
    /// <returns>An absolute path.</returns>
    public static string Folder(string subdir = "datasets", string? cache_dir = null)
    {
        string root = Root(cache_dir);
        string folder = Path.GetFullPath(Path.Combine(root, subdir));
        if (Path.IsPathRooted(subdir) || !folder.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"cache_subdir '{subdir}' leaves the cache folder {root}; give a subfolder name such as 'datasets'.");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// A folder only this user can write: created with mode 0700, or, if it exists, a real folder (not a link) owned by
    /// this user, set to 0700. One that another user owns is refused: it may hold planted files.
    /// </summary>
    internal static string PrivateFolder(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (!Directory.Exists(path) && !File.Exists(path)) Directory.CreateDirectory(path, OwnerOnly);
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null || !info.Exists)
            throw new IOException($"{path} is not a plain folder (a link, or a file); it is not used as a cache. Set KERAS_HOME to a folder of yours.");
        if (OwnerOf(path) is uint owner && owner != UserId())
            throw new IOException($"{path} belongs to another user (uid {owner}); it is not used as a cache. Set KERAS_HOME to a folder of yours.");
        File.SetUnixFileMode(path, OwnerOnly);
        return path;
    }

    private static uint UserId() => OperatingSystem.IsWindows() ? 0 : GetEuid();

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    /// <summary>The owner's uid, where stat(2) can be read.</summary>
    private static uint? OwnerOf(string path) => UnixStat.Of(path)?.Uid;

    private static bool IsWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, Array.Empty<byte>());
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
