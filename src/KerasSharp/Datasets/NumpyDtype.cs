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
        int.TryParse(descr[2..], out int n) && n > 0 ? n : throw new InvalidDataException($"{source}: unsupported dtype '{descr}'.");

    public static ScalarType ScalarType(string descr, string source)
    {
        if (descr.Length < 3) throw new InvalidDataException($"{source}: unsupported dtype '{descr}'.");
        if (descr[0] == '>' && ItemSize(descr, source) > 1)
            throw new InvalidDataException($"{source}: big-endian arrays ({descr}) are not supported.");
        return descr[1..] switch
        {
            "u1" => TorchSharp.torch.ScalarType.Byte,
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

    /// <summary>A tensor holding a copy of C-order array bytes.</summary>
    public static Tensor ToTensor(long[] shape, string descr, byte[] data, string source)
    {
        var t = empty(shape, ScalarType(descr, source));
        t.bytes = data;
        return t;
    }
}
