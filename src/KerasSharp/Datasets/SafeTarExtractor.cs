using System.Formats.Tar;
using System.IO.Compression;
using Keras.Utils;

namespace Keras.Datasets;

/// <summary>
/// Extracts a .tar.gz into a temporary folder beside the destination and renames the finished folder
/// into place, so an interrupted or refused extraction never leaves a folder that looks complete.
/// Refuses entries that would land outside the target (absolute paths, <c>..</c>), links, device files
/// and absurd sizes.
/// </summary>
internal static class SafeTarExtractor
{
    /// <summary>The most one file of a dataset archive may hold; Keras's largest (CIFAR's batches) hold 31 MB.</summary>
    public const long MaxEntryBytes = 512L << 20;

    /// <summary>The most a dataset archive may unpack to; Keras's largest, CIFAR-10's, unpacks to 178 MB.</summary>
    public const long MaxTotalBytes = 1L << 30;

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
            // A finished folder that holds the same files is left in place: another extraction of the same archive
            // (a concurrent one, whose caller may be reading it now) made it. A different one is replaced by renames
            // only, so that no reader ever sees half a folder: the older copy moves into the staging folder (deleted
            // below), then the new one moves into place.
            if (Directory.Exists(final) && SameFiles(final, extracted)) return final;
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
                // Another extraction finished first.
            }
            return final;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Whether two folders hold the same files, byte for byte.</summary>
    private static bool SameFiles(string a, string b)
    {
        static List<string> Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
        var names = Files(a);
        if (!names.SequenceEqual(Files(b))) return false;
        foreach (string name in names)
        {
            try
            {
                using var left = File.OpenRead(Path.Combine(a, name));
                using var right = File.OpenRead(Path.Combine(b, name));
                if (left.Length != right.Length) return false;
                var x = new byte[1 << 16];
                var y = new byte[1 << 16];
                for (int read; (read = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false)) > 0;)
                    if (right.ReadAtLeast(y, read, throwOnEndOfStream: false) != read || !x.AsSpan(0, read).SequenceEqual(y.AsSpan(0, read))) return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // moved away meanwhile, or unreadable: not to be relied on
            }
        }
        return true;
    }

    /// <summary>The most a metadata entry (a GNU long name, a PAX header) may hold: real ones are a few hundred bytes.</summary>
    public const long MaxMetadataBytes = 64 << 10;

    /// <summary>
    /// Reads the archive's headers alone, skipping file data, before TarReader sees them or anything is written: TarReader
    /// reads a GNU long name or a PAX header whole into memory, so one that declares a gigabyte would be one; files
    /// declaring more than <see cref="MaxEntryBytes"/> each or <see cref="MaxTotalBytes"/> in all are refused before any is
    /// unpacked. Two entries of one name are left to the extraction, which sees their whole names: a header's name field
    /// holds only part of a long one (ustar's last 100 bytes, GNU's and PAX's first 100). Returns the first entry's name.
    /// </summary>
    public static string CheckHeaders(string archive)
    {
        try
        {
            using var file = SafeFile.OpenRead(archive);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            var header = new byte[512];
            var skip = new byte[1 << 16];
            string? first = null;
            long total = 0;
            while (gz.ReadAtLeast(header, 512, throwOnEndOfStream: false) == 512 && header.Any(b => b != 0))
            {
                char type = (char)header[156];
                long size = Size(header.AsSpan(124, 12), archive);
                bool metadata = type is 'L' or 'K' or 'x' or 'g';
                if (metadata && size > MaxMetadataBytes)
                    throw new InvalidDataException($"{archive}: a '{type}' metadata entry declares {size} bytes; real ones hold at most a few kilobytes, so the archive is refused.");
                string name = System.Text.Encoding.UTF8.GetString(header.AsSpan(0, 100)).TrimEnd('\0');
                if (!metadata && type is '0' or '\0' or '7' && (size > MaxEntryBytes || (total += size) > MaxTotalBytes))
                    throw new InvalidDataException($"{archive}: entry '{name}' makes the archive larger than a dataset can be ({PyFormat.Thousands(size)} bytes, {PyFormat.Thousands(total)} so far; at most {PyFormat.Thousands(MaxEntryBytes)} per file and {PyFormat.Thousands(MaxTotalBytes)} in all); it is refused before anything is unpacked.");
                first ??= metadata ? null : name;
                for (long left = (size + 511) / 512 * 512; left > 0;)
                {
                    int n = gz.Read(skip, 0, (int)Math.Min(skip.Length, left));
                    if (n == 0) throw new InvalidDataException($"{archive}: the archive ends inside an entry; it is truncated.");
                    left -= n;
                }
            }
            return first ?? throw new InvalidDataException($"{archive}: the archive holds no entries.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(archive, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{archive} is not a readable .tar.gz archive ({e.Message}).", e);
        }
    }

    /// <summary>A header's size field: octal digits, or GNU's base-256 with the top bit set.</summary>
    private static long Size(ReadOnlySpan<byte> field, string archive)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7f;
            foreach (byte b in field[1..])
            {
                if (value > long.MaxValue >> 8) throw new InvalidDataException($"{archive}: an entry's size does not fit 64 bits.");
                value = value << 8 | b;
            }
            return value;
        }
        long octal = 0;
        foreach (byte b in field)
        {
            if (b is 0 or (byte)' ') { if (octal > 0) break; continue; }
            if (b is < (byte)'0' or > (byte)'7') throw new InvalidDataException($"{archive}: an entry's size field is not a number.");
            octal = octal * 8 + (b - '0');
        }
        return octal;
    }

    private static void ExtractInto(string archive, string root)
    {
        CheckHeaders(archive);
        string rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        long total = 0;
        try
        {
            using var file = SafeFile.OpenRead(archive);
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
                        if (File.Exists(destination))
                            throw new InvalidDataException($"{archive}: it holds two entries named '{name}'; the archive is damaged. Delete it and download it again.");
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
