using System.Text;
using Keras.Datasets;
using static TorchSharp.torch;

namespace Numpy;

/// <summary>Writes one array in NumPy's <c>.npy</c> format byte for byte as <c>np.save</c> (NumPy 1.24) does.</summary>
internal static class NpyWriter
{
    // NumPy aligns the data to 64 bytes and leaves room in the header for the first axis to grow to 21 digits.
    private const int Align = 64, GrowthAxisMaxDigits = 21;

    public static void Write(Stream stream, NDarray array)
    {
        var dtype = array.dtype;
        long[] shape = array.Tensor.shape;
        string shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        string header = $"{{'descr': '{Descr(dtype)}', 'fortran_order': False, 'shape': {shapeText}, }}";
        if (shape.Length > 0) header += new string(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        int length = header.Length + 1;
        bool version1 = 10 + length + Align <= ushort.MaxValue + 10;
        int prefix = version1 ? 10 : 12;
        int pad = Align - (prefix + length) % Align;
        using var writer = new BinaryWriter(stream, Encoding.Latin1, leaveOpen: true);
        writer.Write(NpyReader.Magic);
        writer.Write(new byte[] { (byte)(version1 ? 1 : 2), 0 });
        if (version1) writer.Write((ushort)(length + pad));
        else writer.Write((uint)(length + pad));
        writer.Write(Encoding.Latin1.GetBytes(header + new string(' ', pad) + "\n"));
        using var data = Stored(array.Tensor, dtype).cpu().contiguous();
        writer.Write(data.bytes);
    }

    private static string Descr(Dtype dtype) => dtype.Name switch
    {
        "float32" => "<f4",
        "float64" => "<f8",
        "float16" => "<f2",
        "int8" => "|i1",
        "int16" => "<i2",
        "int32" => "<i4",
        "int64" => "<i8",
        "uint8" => "|u1",
        "uint16" => "<u2",
        "uint32" => "<u4",
        "bool" => "|b1",
        var other => throw new NotSupportedException($"Arrays of {other} cannot be saved as .npy here."),
    };

    // uint16 and uint32 values, held wider, go back to 2 and 4 bytes (their low bytes, as the unsigned values have them).
    private static Tensor Stored(Tensor values, Dtype dtype) => dtype.Name switch
    {
        "uint16" => values.to_type(ScalarType.Int16),
        "uint32" => values.to_type(ScalarType.Int32),
        _ => values.alias(),
    };
}
