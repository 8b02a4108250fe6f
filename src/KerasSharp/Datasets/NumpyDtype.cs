using System.Globalization;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>NumPy dtype strings (<c>|u1</c>, <c>&lt;i8</c>, <c>&lt;f4</c>) and their libtorch types.</summary>
internal static class NumpyDtype
{
    /// <summary>The kind and size part of a dtype name: "u1" from "u1", "uint8" or "|u1".</summary>
    public static string Short(string kind) => kind.TrimStart('<', '>', '|', '=') switch
    {
        "uint8" => "u1",
        "int8" => "i1",
        "int32" => "i4",
        "int64" => "i8",
        "float32" => "f4",
        "float64" => "f8",
        "bool" => "b1",
        var k => k,
    };

    public static int ItemSize(string descr, string source) =>
        descr.Length >= 3 && int.TryParse(descr[2..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 16
            ? n : throw new InvalidDataException($"{source}: unsupported dtype '{descr}'.");

    /// <summary>
    /// The most one dataset array may hold: Keras's largest (MNIST's and Fashion-MNIST's training images, CIFAR's
    /// batches) hold under 50 MB, so a file declaring more is damaged or hostile, and is refused before it is read.
    /// </summary>
    public const int MaxArrayBytes = 256 << 20;

    /// <summary>
    /// The bytes an array of this shape and dtype holds, checked before anything is allocated: every size
    /// non-negative, the product without overflow, and at most 2 GiB (one .NET array).
    /// </summary>
    public static int ByteCount(long[] shape, string descr, string source)
    {
        long bytes = ItemSize(descr, source);
        foreach (long d in shape)
        {
            if (d < 0) throw new InvalidDataException($"{source}: array shape ({string.Join(", ", shape)}) has a negative size.");
            bytes = d == 0 ? 0 : bytes > int.MaxValue / d ? long.MaxValue : bytes * d;
        }
        if (bytes > Array.MaxLength)
            throw new InvalidDataException($"{source}: array shape ({string.Join(", ", shape)}) declares more than 2 GiB of data, more than any Keras dataset file holds.");
        return (int)bytes;
    }

    /// <summary>The type an array's bytes are read as: u2 and u4 as their signed twins, widened by <see cref="ToTensor"/>.</summary>
    public static ScalarType ScalarType(string descr, string source)
    {
        if (descr.Length < 3) throw new InvalidDataException($"{source}: unsupported dtype '{descr}'.");
        if (descr[0] == '>' && ItemSize(descr, source) > 1)
            throw new InvalidDataException($"{source}: big-endian arrays ({descr}) are not supported.");
        return descr[1..] switch
        {
            "u1" => TorchSharp.torch.ScalarType.Byte,
            "u2" => TorchSharp.torch.ScalarType.Int16,
            "u4" => TorchSharp.torch.ScalarType.Int32,
            "i1" => TorchSharp.torch.ScalarType.Int8,
            "i2" => TorchSharp.torch.ScalarType.Int16,
            "i4" => TorchSharp.torch.ScalarType.Int32,
            "i8" => TorchSharp.torch.ScalarType.Int64,
            "f4" => TorchSharp.torch.ScalarType.Float32,
            "f8" => TorchSharp.torch.ScalarType.Float64,
            "b1" => TorchSharp.torch.ScalarType.Bool,
            _ => throw new InvalidDataException($"{source}: unsupported dtype '{descr}'."),
        };
    }

    /// <summary>
    /// A tensor holding a copy of C-order array bytes. libtorch has no uint16 or uint32 arithmetic, so those arrays come
    /// back in the next wider signed type (int32, int64) with their unsigned values.
    /// </summary>
    public static Tensor ToTensor(long[] shape, string descr, byte[] data, string source)
    {
        if (data.Length != ByteCount(shape, descr, source))
            throw new InvalidDataException($"{source}: array of shape ({string.Join(", ", shape)}) needs {ByteCount(shape, descr, source)} bytes but holds {data.Length}.");
        var t = empty(shape, ScalarType(descr, source));
        t.bytes = data;
        return descr[1..] switch
        {
            "u2" => t.to_type(TorchSharp.torch.ScalarType.Int32).bitwise_and_(0xFFFF),
            "u4" => t.to_type(TorchSharp.torch.ScalarType.Int64).bitwise_and_(0xFFFFFFFFL),
            _ => t,
        };
    }
}
