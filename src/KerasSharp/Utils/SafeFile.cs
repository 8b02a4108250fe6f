namespace Keras.Utils;

/// <summary>
/// Opens the files KerasSharp reads, refusing what is not a regular file with one line that names it: a FIFO would
/// block the read forever, a device never ends, a folder is no file. .NET reports a FIFO as a plain file, so the type
/// is read with <see cref="UnixStat"/> where there is one (Linux and macOS).
/// </summary>
internal static class SafeFile
{
    /// <summary>A read-only stream over a regular file.</summary>
    public static FileStream OpenRead(string path)
    {
        RequireRegularFile(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>All of a regular file's bytes.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        RequireRegularFile(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>All of a regular file's text, as UTF-8.</summary>
    public static string ReadAllText(string path)
    {
        RequireRegularFile(path);
        return File.ReadAllText(path);
    }

    /// <summary>Checks that <paramref name="path"/> is a regular file: a missing one is a <see cref="FileNotFoundException"/>, anything else that is no regular file an <see cref="InvalidDataException"/>.</summary>
    public static void RequireRegularFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"'{path}' is a folder, not a file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at '{path}'.", path);
        if (Kind(path) is string kind)
            throw new InvalidDataException($"'{path}' is not a regular file ({kind}); give the path of a file.");
    }

    /// <summary>What the path is when it is not a regular file (after following links), or null for a regular file or where the type cannot be read.</summary>
    internal static string? Kind(string path) => (UnixStat.Of(path)?.Mode & 0xF000) switch
    {
        null or 0x8000 => null,
        0x1000 => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        0x4000 => "a folder",
        _ => "not a regular file",
    };
}
