using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>Reads MNIST-style idx files (gzip-compressed): labels (magic 2049) and images (magic 2051).</summary>
internal static class IdxReader
{
    public static Tensor Labels(string path) => Read(path, 2049, 1);

    public static Tensor Images(string path) => Read(path, 2051, 3);

    private static Tensor Read(string path, int magic, int rank)
    {
        byte[] raw;
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gz.CopyTo(buffer);
            raw = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not a valid gzip file: {e.Message}", e);
        }
        int headerLength = 4 + 4 * rank;
        if (raw.Length < 4) throw new InvalidDataException($"{path} is too short for an idx header.");
        int found = BinaryPrimitives.ReadInt32BigEndian(raw);
        if (found != magic)
            throw new InvalidDataException($"{path}: idx magic number is {found}, expected {magic} ({(magic == 2049 ? "labels" : "images")}).");
        if (raw.Length < headerLength) throw new InvalidDataException($"{path} is too short for an idx header.");
        var dims = Enumerable.Range(0, rank).Select(i => (long)BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 + 4 * i))).ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (raw.Length - headerLength != count)
            throw new InvalidDataException(
                $"{path}: the header announces ({string.Join(", ", dims)}) = {count} bytes of data, but {raw.Length - headerLength} follow; the file is truncated or damaged.");
        return NumpyDtype.ToTensor(dims, "|u1", raw[headerLength..], path);
    }
}
