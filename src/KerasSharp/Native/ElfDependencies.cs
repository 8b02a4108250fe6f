using System.Buffers.Binary;
using System.Text;

namespace Keras.Native;

/// <summary>
/// Reads the DT_NEEDED entries of a 64-bit little-endian ELF shared library from its section headers,
/// its dynamic section and their string table only, so that a 460 MB libtorch_cpu.so costs a few
/// megabytes of reading rather than the whole file.
/// </summary>
internal static class ElfDependencies
{
    private const uint ShtDynamic = 6;
    private const long DtNeeded = 1;

    /// <summary>Libraries named by DT_NEEDED, in order.</summary>
    public static IReadOnlyList<string> Needed(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] header = ReadAt(file, 0, 64, path);
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (header[4] != 2 || header[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file; only those are supported.");
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3C));
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > file.Length)
            throw new InvalidDataException($"{path} has a damaged section header table.");
        byte[] sections = ReadAt(file, shoff, shentsize * shnum, path);
        (long Offset, long Size, uint Link) Section(int i)
        {
            var h = sections.AsSpan(i * shentsize);
            return (BinaryPrimitives.ReadInt64LittleEndian(h[24..]), BinaryPrimitives.ReadInt64LittleEndian(h[32..]), BinaryPrimitives.ReadUInt32LittleEndian(h[40..]));
        }

        var result = new List<string>();
        for (int i = 0; i < shnum; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(sections.AsSpan(i * shentsize + 4)) != ShtDynamic) continue;
            var dynamic = Section(i);
            if (dynamic.Link >= shnum) throw new InvalidDataException($"{path}: the dynamic section links to a missing string table.");
            var strtab = Section((int)dynamic.Link);
            byte[] entries = ReadAt(file, dynamic.Offset, dynamic.Size, path);
            byte[] strings = ReadAt(file, strtab.Offset, strtab.Size, path);
            for (int e = 0; e + 16 <= entries.Length; e += 16)
            {
                long tag = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(e));
                if (tag == 0) break;
                if (tag != DtNeeded) continue;
                long at = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(e + 8));
                int end = at < 0 || at >= strings.Length ? -1 : Array.IndexOf(strings, (byte)0, (int)at);
                if (end < 0) throw new InvalidDataException($"{path}: a DT_NEEDED name lies outside its string table.");
                result.Add(Encoding.UTF8.GetString(strings, (int)at, end - (int)at));
            }
        }
        return result;
    }

    private static byte[] ReadAt(FileStream file, long offset, long count, string path)
    {
        if (offset < 0 || count < 0 || offset + count > file.Length)
            throw new InvalidDataException($"{path}: a header points outside the file ({count} bytes at {offset}).");
        var buffer = new byte[count];
        file.Position = offset;
        file.ReadExactly(buffer);
        return buffer;
    }
}
