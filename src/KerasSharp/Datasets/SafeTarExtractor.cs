using System.Formats.Tar;
using System.IO.Compression;

namespace Keras.Datasets;

/// <summary>
/// Extracts a .tar.gz into a temporary folder beside the destination and renames the finished folder
/// into place, so an interrupted or refused extraction never leaves a folder that looks complete.
/// Refuses entries that would land outside the target (absolute paths, <c>..</c>), links, device files
/// and absurd sizes.
/// </summary>
internal static class SafeTarExtractor
{
    public const long MaxEntryBytes = 1L << 30;
    public const long MaxTotalBytes = 4L << 30;

    /// <summary>Extracts <paramref name="archive"/> and moves its top folder <paramref name="expectedFolder"/> into <paramref name="parent"/>.</summary>
    public static string Extract(string archive, string parent, string expectedFolder)
    {
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".extract-{expectedFolder}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            ExtractInto(archive, staging);
            string extracted = Path.Combine(staging, expectedFolder);
            if (!Directory.Exists(extracted))
                throw new InvalidDataException($"{archive} does not contain the folder '{expectedFolder}/' that was expected.");
            string final = Path.Combine(parent, expectedFolder);
            // Renames only, so that a concurrent extraction of the same archive never sees half a folder: an older
            // copy moves into the staging folder (deleted below), then the new one moves into place. If another
            // extraction got there first, its folder is as good as this one.
            if (Directory.Exists(final))
            {
                try
                {
                    Directory.Move(final, Path.Combine(staging, "previous"));
                }
                catch (Exception e) when (e is IOException or DirectoryNotFoundException)
                {
                    // Moved away by another extraction meanwhile.
                }
            }
            try
            {
                Directory.Move(extracted, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another extraction of the same archive finished first.
            }
            return final;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static void ExtractInto(string archive, string root)
    {
        string rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        long total = 0;
        try
        {
            using var file = File.OpenRead(archive);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new TarReader(gz);
            while (reader.GetNextEntry() is { } entry)
            {
                string name = entry.Name;
                if (Path.IsPathRooted(name) || name.StartsWith('/') || name.Split('/', '\\').Contains(".."))
                    throw new InvalidDataException($"{archive}: entry '{name}' would be written outside the target folder; the archive is refused.");
                string destination = Path.GetFullPath(Path.Combine(root, name));
                if (!destination.StartsWith(rootFull, StringComparison.Ordinal) && destination + Path.DirectorySeparatorChar != rootFull)
                    throw new InvalidDataException($"{archive}: entry '{name}' would be written outside the target folder; the archive is refused.");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(destination);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (entry.Length > MaxEntryBytes || (total += entry.Length) > MaxTotalBytes)
                            throw new InvalidDataException($"{archive}: entry '{name}' makes the archive larger than a dataset can be ({entry.Length} bytes); refused.");
                        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                        using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write))
                            entry.DataStream?.CopyTo(output);
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw new InvalidDataException($"{archive}: entry '{name}' is a link ({entry.LinkName}); datasets hold none, so the archive is refused.");
                    case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                        break;
                    default:
                        throw new InvalidDataException($"{archive}: entry '{name}' is a {entry.EntryType}, not a file or folder; the archive is refused.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException && !e.Message.StartsWith(archive, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{archive} is not a readable .tar.gz archive ({e.Message}). Delete it and download it again.", e);
        }
    }
}
