using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>Reads MNIST-style idx files (gzip-compressed): labels (magic 2049) and images (magic 2051).</summary>
internal static class IdxReader
{
    public static Tensor Labels(string path) => Read(path, 2049, 1);

    public static Tensor Images(string path) => Read(path, 2051, 3);

    /// <summary>
    /// Reads the header first and checks the declared sizes before anything is allocated, then exactly that much data
    /// from the decompressing stream, so that a small file that inflates to gigabytes is refused without being inflated.
    /// </summary>
    private static Tensor Read(string path, int magic, int rank)
    {
        try
        {
            using var file = SafeFile.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            var header = new byte[4 + 4 * rank];
            if (gz.ReadAtLeast(header.AsSpan(0, 4), 4, throwOnEndOfStream: false) < 4)
                throw new InvalidDataException($"{path} is too short for an idx header.");
            int found = BinaryPrimitives.ReadInt32BigEndian(header);
            if (found != magic)
                throw new InvalidDataException($"{path}: idx magic number is {found}, expected {magic} ({(magic == 2049 ? "labels" : "images")}).");
            if (gz.ReadAtLeast(header.AsSpan(4), header.Length - 4, throwOnEndOfStream: false) < header.Length - 4)
                throw new InvalidDataException($"{path} is too short for an idx header.");
            var dims = Enumerable.Range(0, rank).Select(i => (long)BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i))).ToArray();
            int count = NumpyDtype.ByteCount(dims, "|u1", path);
            if (count > NumpyDtype.MaxArrayBytes)
                throw new InvalidDataException($"{path}: the header declares ({string.Join(", ", dims)}) = {count} bytes; idx files of up to {NumpyDtype.MaxArrayBytes >> 20} MiB are read.");
            var data = new byte[count];
            int read = gz.ReadAtLeast(data, count, throwOnEndOfStream: false);
            if (read < count || gz.ReadByte() != -1)
                throw new InvalidDataException(
                    $"{path}: the header announces ({string.Join(", ", dims)}) = {count} bytes of data, but {(read < count ? read.ToString(CultureInfo.InvariantCulture) : "more")} follow; the file is truncated or damaged.");
            return NumpyDtype.ToTensor(dims, "|u1", data, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a valid gzip file: {e.Message}", e);
        }
    }
}
