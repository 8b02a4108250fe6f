using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>
/// Reads CIFAR batches in either published form: the Python version (pickled dicts with a uint8
/// (N, 3072) <c>data</c> array, rows holding the R, G and B planes of a 32x32 image) or the binary
/// version (records of label bytes followed by 3072 pixel bytes).
/// </summary>
internal static class CifarReader
{
    private const int Pixels = 3 * 32 * 32;

    /// <summary>Images (N, 32, 32, 3) uint8 and labels (N, 1) uint8 from one or more batch files.</summary>
    public static (Tensor X, Tensor Y) Load(IEnumerable<string> files, string labelKey, int labelOffset, int labelBytes, int classes)
    {
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        try
        {
            foreach (string file in files)
            {
                var (x, y) = file.EndsWith(".bin", StringComparison.Ordinal)
                    ? ReadBinary(file, labelOffset, labelBytes)
                    : ReadPickle(file, labelKey);
                if (y.numel() == 0) throw new InvalidDataException($"{file} holds no images.");
                DatasetChecks.Labels(file, y, classes);
                xs.Add(x);
                ys.Add(y);
            }
            using var planes = cat(xs, 0);
            // Rows are channel planes: (N, 3, 32, 32) -> channels last (N, 32, 32, 3), as Keras returns them.
            var images = planes.reshape(-1, 3, 32, 32).permute(0, 2, 3, 1).contiguous();
            return (images, cat(ys, 0).reshape(-1, 1));
        }
        finally
        {
            foreach (var t in xs.Concat(ys)) t.Dispose();
        }
    }

    private static (Tensor, Tensor) ReadPickle(string file, string labelKey)
    {
        object? root;
        using (var stream = SafeFile.OpenRead(file)) root = PickleReader.Load(stream, file);
        if (root is not Dictionary<object, object?> dict)
            throw new InvalidDataException($"{file}: expected a pickled dict of a CIFAR batch, found {root?.GetType().Name ?? "None"}.");
        if (!dict.TryGetValue("data", out var dataObj) || dataObj is not PickleReader.NdArray data)
            throw new InvalidDataException($"{file}: the batch has no 'data' array.");
        if (data.Dtype != "|u1" || data.Shape.Length != 2 || data.Shape[1] != Pixels)
            throw new InvalidDataException($"{file}: 'data' is {data.Dtype} of shape ({string.Join(", ", data.Shape)}); expected uint8 (N, {Pixels}).");
        if (!dict.TryGetValue(labelKey, out var labelsObj) || labelsObj is not List<object?> labels)
            throw new InvalidDataException($"{file}: the batch has no '{labelKey}' list.");
        if (labels.Count != data.Shape[0])
            throw new InvalidDataException($"{file}: {data.Shape[0]} images but {labels.Count} labels.");
        var labelBytes = labels.Select(l => l is long v && v is >= 0 and <= 255
            ? (byte)v
            : throw new InvalidDataException($"{file}: label '{l}' is not a small non-negative integer.")).ToArray();
        return (NumpyDtype.ToTensor(data.Shape, data.Dtype, data.Data, file), tensor(labelBytes));
    }

    private static (Tensor, Tensor) ReadBinary(string file, int labelOffset, int labelBytes)
    {
        byte[] raw = SafeFile.ReadAllBytes(file);
        int record = labelBytes + Pixels;
        if (raw.Length == 0 || raw.Length % record != 0)
            throw new InvalidDataException($"{file}: {raw.Length} bytes is not a whole number of {record}-byte CIFAR records; the file is truncated or not a CIFAR batch.");
        int n = raw.Length / record;
        var labels = new byte[n];
        var pixels = new byte[n * Pixels];
        for (int i = 0; i < n; i++)
        {
            labels[i] = raw[i * record + labelOffset];
            Buffer.BlockCopy(raw, i * record + labelBytes, pixels, i * Pixels, Pixels);
        }
        return (NumpyDtype.ToTensor(new long[] { n, Pixels }, "|u1", pixels, file), tensor(labels));
    }

    /// <summary>The files of a split that exist in <paramref name="folder"/>, preferring the Python version.</summary>
    public static string[] Files(string folder, string[] pickleNames, string[] binaryNames)
    {
        var pickles = pickleNames.Select(n => Path.Combine(folder, n)).ToArray();
        if (pickles.All(File.Exists)) return pickles;
        var binaries = binaryNames.Select(n => Path.Combine(folder, n)).ToArray();
        if (binaries.All(File.Exists)) return binaries;
        throw new InvalidDataException(
            $"{folder} lacks CIFAR batch files: expected {string.Join(", ", pickleNames)} (Python version) or {string.Join(", ", binaryNames)} (binary version).");
    }
}
