using System.Buffers.Binary;
using System.Text;

namespace Keras.Native;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF
/// shared library. Used to mark a libstdc++ version that the system lacks as weak when no
/// relocation can ever bind a symbol of that version, so glibc's loader accepts the library.
/// </summary>
internal sealed class ElfVersionNeeds
{
    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    private readonly byte[] _image;
    private readonly List<Section> _sections = new();

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);

    /// <summary>One version a library needs from another (a <c>Vernaux</c> entry).</summary>
    public readonly record struct VersionNeed(string File, string Version, ushort Index, ushort Flags, long FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlgWeak) != 0;
    }

    public ElfVersionNeeds(byte[] image, string path)
    {
        _image = image;
        Path = path;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file; only those are supported.");
        long shoff = ReadI64(0x28);
        int shentsize = ReadU16(0x3A), shnum = ReadU16(0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > image.Length)
            throw new InvalidDataException($"{path} has a damaged section header table.");
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            var s = new Section(ReadU32(h + 4), ReadI64(h + 24), ReadI64(h + 32), ReadU32(h + 40), ReadU32(h + 44), ReadI64(h + 56));
            if (s.Type != 8 /* NOBITS */ && (s.Offset < 0 || s.Offset + s.Size > image.Length))
                throw new InvalidDataException($"{path}: section {i} lies outside the file.");
            _sections.Add(s);
        }
    }

    public string Path { get; }

    public byte[] Image => _image;

    /// <summary>Every version requirement in <c>.gnu.version_r</c>.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        foreach (var vr in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[(int)vr.Link];
            long entry = vr.Offset;
            for (uint n = 0; n < vr.Info; n++)
            {
                int count = ReadU16(entry + 2);
                string file = ReadString(strtab, ReadU32(entry + 4));
                long aux = entry + ReadU32(entry + 8);
                for (int a = 0; a < count; a++)
                {
                    result.Add(new VersionNeed(file, ReadString(strtab, ReadU32(aux + 8)), ReadU16(aux + 6), ReadU16(aux + 4), aux + 4));
                    uint nextAux = ReadU32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = ReadU32(entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>Names of the dynamic symbols bound to a version index that some relocation refers to.</summary>
    public IReadOnlyList<string> RelocatedSymbolsOfVersion(ushort versionIndex)
    {
        int dynsymIndex = _sections.FindIndex(s => s.Type == ShtDynsym);
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsymIndex < 0 || versym.Size == 0) return Array.Empty<string>();
        var dynsym = _sections[dynsymIndex];
        var strtab = _sections[(int)dynsym.Link];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rel in _sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex))
        {
            long size = rel.Type == ShtRela ? 24 : 16;
            for (long r = rel.Offset; r + size <= rel.Offset + rel.Size; r += size)
            {
                long sym = (long)((ulong)ReadI64(r + 8) >> 32);
                if (sym == 0 || versym.Offset + sym * 2 + 2 > versym.Offset + versym.Size) continue;
                if ((ReadU16(versym.Offset + sym * 2) & 0x7fff) != versionIndex) continue;
                names.Add(ReadString(strtab, ReadU32(dynsym.Offset + sym * 24)));
            }
        }
        return names.ToList();
    }

    /// <summary>
    /// Marks the named version requirement weak, after checking that no relocation uses a symbol of
    /// that version (otherwise the loader would fail later, at the first call, instead of now).
    /// </summary>
    public void MakeWeak(string version)
    {
        var needs = VersionNeeds().Where(v => v.Version == version).ToList();
        if (needs.Count == 0)
            throw new InvalidOperationException($"{Path} does not require version {version}.");
        foreach (var need in needs)
        {
            var used = RelocatedSymbolsOfVersion(need.Index);
            if (used.Count > 0)
                throw new InvalidOperationException(
                    $"{Path} needs {version} from {need.File} for symbols it really uses ({string.Join(", ", used)}); " +
                    $"that version cannot be made optional. Install a libstdc++ that provides {version} (GCC 13 or newer).");
            BinaryPrimitives.WriteUInt16LittleEndian(_image.AsSpan((int)need.FlagsOffset), (ushort)(need.Flags | VerFlgWeak));
        }
    }

    private string ReadString(Section strtab, long offset)
    {
        long start = strtab.Offset + offset;
        if (offset < 0 || start >= strtab.Offset + strtab.Size)
            throw new InvalidDataException($"{Path}: string offset {offset} lies outside its table.");
        int end = Array.IndexOf(_image, (byte)0, (int)start, (int)(strtab.Offset + strtab.Size - start));
        if (end < 0) throw new InvalidDataException($"{Path}: unterminated string at {start}.");
        return Encoding.UTF8.GetString(_image, (int)start, end - (int)start);
    }

    private ushort ReadU16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan(checked((int)at), 2));
    private uint ReadU32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan(checked((int)at), 4));
    private long ReadI64(long at) => BinaryPrimitives.ReadInt64LittleEndian(_image.AsSpan(checked((int)at), 8));
}
