using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>Reads <c>.npy</c> arrays and <c>.npz</c> archives of them (NumPy's format, versions 1-3), checking header, dtype and size.</summary>
internal static partial class NpyReader
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    public static Dictionary<string, Tensor> LoadNpz(string path)
    {
        var result = new Dictionary<string, Tensor>();
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                result[entry.FullName[..^4]] = Load(stream, $"{path}:{entry.FullName}");
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a valid .npz archive: {e.Message}", e);
        }
        return result;
    }

    public static Tensor Load(Stream stream, string source)
    {
        using var reader = new BinaryReader(stream);
        try
        {
            if (!reader.ReadBytes(6).SequenceEqual(Magic)) throw new InvalidDataException($"{source} is not a .npy array (bad magic).");
            byte major = reader.ReadByte();
            reader.ReadByte();
            int headerLength = major switch
            {
                1 => reader.ReadUInt16(),
                2 or 3 => checked((int)reader.ReadUInt32()),
                _ => throw new InvalidDataException($"{source}: unsupported .npy version {major}."),
            };
            string header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));
            var descr = Descr().Match(header);
            var fortran = Fortran().Match(header);
            var shape = ShapeField().Match(header);
            if (!descr.Success || !fortran.Success || !shape.Success)
                throw new InvalidDataException($"{source}: malformed .npy header '{header.Trim()}'.");
            if (fortran.Groups[1].Value == "True") throw new InvalidDataException($"{source}: Fortran-ordered arrays are not supported.");
            long[] dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(long.Parse).ToArray();
            string d = descr.Groups[1].Value;
            long bytes = dims.Aggregate(1L, (a, b) => a * b) * NumpyDtype.ItemSize(d, source);
            byte[] data = reader.ReadBytes(checked((int)bytes));
            if (data.Length != bytes)
                throw new InvalidDataException($"{source}: array of shape ({string.Join(", ", dims)}) needs {bytes} bytes but the file holds {data.Length}; it is truncated.");
            return NumpyDtype.ToTensor(dims, d, data, source);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: the .npy header is truncated.");
        }
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex Fortran();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeField();
}
