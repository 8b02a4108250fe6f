namespace Keras.Utils;

/// <summary>
/// Keras's cache folder: <c>$KERAS_HOME</c> if set, else <c>~/.keras</c>, with <c>/tmp/.keras</c> when
/// home is not writable; datasets live in its <c>datasets</c> subfolder, under Keras's own file names,
/// so a cache filled by Python Keras is reused as it is.
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
        string preferred = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras");
        return IsWritable(preferred) ? preferred : Path.Combine(Path.GetTempPath(), ".keras");
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
