using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>Reads <c>.npy</c> arrays and <c>.npz</c> archives of them (NumPy's format, versions 1-3), checking header, dtype and size.</summary>
internal static partial class NpyReader
{
    /// <summary>The first six bytes of every .npy file.</summary>
    internal static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    public static Dictionary<string, Tensor> LoadNpz(string path) => ReadNpz(path, (stream, source, length) => Load(stream, source, length));

    /// <summary>
    /// An .npz whose entries may also be object arrays of integer lists, as Keras's text datasets (imdb.npz,
    /// reuters.npz) store their sequences: numeric entries as tensors, object entries as <c>int[][]</c>. The objects are
    /// read with <see cref="PickleReader"/>, which builds plain data only.
    /// </summary>
    public static Dictionary<string, object> LoadNpzWithSequences(string path) => ReadNpz<object>(path, (stream, source, length) =>
    {
        using var reader = new BinaryReader(stream);
        var header = Header(reader, source, length);
        return header.Descr == "|O" ? Sequences(reader, source) : Data(reader, header, source);
    });

    private static Dictionary<string, T> ReadNpz<T>(string path, Func<Stream, string, long, T> read)
    {
        var result = new Dictionary<string, T>();
        try
        {
            using var zip = new ZipArchive(SafeFile.OpenRead(path), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                if (entry.Length > NumpyDtype.MaxArrayBytes)
                    throw new InvalidDataException($"{path}: '{entry.FullName}' declares {entry.Length} bytes; arrays of up to {NumpyDtype.MaxArrayBytes >> 20} MiB are read.");
                using var stream = entry.Open();
                result[entry.FullName[..^4]] = read(stream, $"{path}:{entry.FullName}", entry.Length);
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a valid .npz archive: {e.Message}", e);
        }
        return result;
    }

    /// <summary>Reads one array; <paramref name="available"/> is the stream's length, which no declared size may exceed.</summary>
    public static Tensor Load(Stream stream, string source, long available) => Load(stream, source, available, out _);

    /// <summary>Reads one array, also giving its dtype string (<c>&lt;u4</c>...).</summary>
    public static Tensor Load(Stream stream, string source, long available, out string descr)
    {
        using var reader = new BinaryReader(stream);
        var header = Header(reader, source, available);
        descr = header.Descr;
        return Data(reader, header, source);
    }

    /// <summary>What a .npy header declares, and how many bytes are left for the data after it.</summary>
    private sealed record NpyHeader(string Descr, bool Fortran, long[] Dims, long Left);

    private static NpyHeader Header(BinaryReader reader, string source, long available)
    {
        try
        {
            if (!reader.ReadBytes(6).SequenceEqual(Magic)) throw new InvalidDataException($"{source} is not a .npy array (bad magic).");
            byte major = reader.ReadByte();
            reader.ReadByte();
            int headerLength = major switch
            {
                1 => reader.ReadUInt16(),
                2 or 3 => HeaderLength(reader.ReadUInt32(), source),
                _ => throw new InvalidDataException($"{source}: unsupported .npy version {major}."),
            };
            string header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));
            var descrField = Descr().Match(header);
            var fortran = Fortran().Match(header);
            var shape = ShapeField().Match(header);
            if (!descrField.Success || !fortran.Success || !shape.Success)
                throw new InvalidDataException($"{source}: malformed .npy header '{header.Trim()}'.");
            long left = available - (8 + (major == 1 ? 2 : 4) + headerLength);
            return new NpyHeader(descrField.Groups[1].Value, fortran.Groups[1].Value == "True", ParseShape(shape.Groups[1].Value, source), left);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: the .npy header is truncated.");
        }
    }

    private static Tensor Data(BinaryReader reader, NpyHeader header, string source)
    {
        var (d, dims) = (header.Descr, header.Dims);
        int bytes = NumpyDtype.ByteCount(dims, d, source);
        if (bytes > header.Left)
            throw new InvalidDataException($"{source}: array of shape ({string.Join(", ", dims)}) needs {bytes} bytes but the file holds {Math.Max(0, header.Left)}; it is truncated.");
        byte[] data = reader.ReadBytes(bytes);
        if (data.Length != bytes)
            throw new InvalidDataException($"{source}: array of shape ({string.Join(", ", dims)}) needs {bytes} bytes but the file holds {data.Length}; it is truncated.");
        if (!header.Fortran) return NumpyDtype.ToTensor(dims, d, data, source);
        // Fortran order (np.save of a transposed array) is the C order of the reversed shape.
        using var reversed = NumpyDtype.ToTensor(dims.Reverse().ToArray(), d, data, source);
        return reversed.permute(Enumerable.Range(0, dims.Length).Reverse().Select(a => (long)a).ToArray()).contiguous();
    }

    /// <summary>An object array of integer lists (pickled after the header, as np.save writes object arrays) as <c>int[][]</c>.</summary>
    private static int[][] Sequences(BinaryReader reader, string source)
    {
        if (PickleReader.Load(reader.BaseStream, source) is not PickleReader.ObjectArray { Shape.Length: 1 } objects)
            throw new InvalidDataException($"{source}: an object entry must be a 1-D array of integer lists, as Keras's text datasets hold them.");
        return objects.Items.Select((item, i) => item is List<object?> list
            ? list.Select(v => v is long n and >= int.MinValue and <= int.MaxValue ? (int)n : throw new InvalidDataException($"{source}: sequence {i} holds {v ?? "None"}, not an integer index.")).ToArray()
            : throw new InvalidDataException($"{source}: item {i} is not a list of integers.")).ToArray();
    }

    private static int HeaderLength(uint length, string source) =>
        length <= 1 << 20 ? (int)length : throw new InvalidDataException($"{source}: the .npy header claims {length} bytes; real headers are far shorter.");

    /// <summary>The sizes of a shape field such as <c>50000, 32, 32, 3</c>: non-negative decimal integers only.</summary>
    private static long[] ParseShape(string field, string source)
    {
        var parts = field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
                throw new InvalidDataException($"{source}: the .npy shape ({field}) holds '{parts[i]}', which is not a size.");
        return dims;
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex Fortran();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeField();
}
