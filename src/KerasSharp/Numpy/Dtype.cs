using static TorchSharp.torch;

namespace Numpy;

/// <summary>
/// A NumPy dtype, as <c>np.float32</c>: its name and the libtorch element type that stores it. libtorch has no
/// arithmetic on unsigned integers wider than 8 bits, so <c>uint16</c> and <c>uint32</c> arrays are stored in the next
/// wider signed type (int32, int64) with NumPy's values (wrapped as NumPy's cast wraps them); they keep their dtype
/// until an operation, whose result has the storage type.
/// </summary>
public sealed class Dtype
{
    private Dtype(string name, ScalarType type, long? unsignedModulus = null) => (Name, Type, UnsignedModulus) = (name, type, unsignedModulus);

    /// <summary>NumPy's name: float32, int64, uint8...</summary>
    public string Name { get; }

    internal ScalarType Type { get; }

    /// <summary>Whether the dtype holds integers (not floats, not bools).</summary>
    internal bool IsInteger => Type is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

    /// <summary>2^16 or 2^32 for the unsigned types stored wider; null for the rest.</summary>
    internal long? UnsignedModulus { get; }

    internal static readonly Dtype Float32 = new("float32", ScalarType.Float32), Float64 = new("float64", ScalarType.Float64),
        Float16 = new("float16", ScalarType.Float16), Int8 = new("int8", ScalarType.Int8), Int16 = new("int16", ScalarType.Int16),
        Int32 = new("int32", ScalarType.Int32), Int64 = new("int64", ScalarType.Int64), UInt8 = new("uint8", ScalarType.Byte),
        UInt16 = new("uint16", ScalarType.Int32, 1L << 16), UInt32 = new("uint32", ScalarType.Int64, 1L << 32),
        Bool = new("bool", ScalarType.Bool);

    // The storage types' own dtypes come first, so that Of finds them rather than the unsigned ones stored in them.
    private static readonly Dtype[] All = { Float32, Float64, Float16, Int8, Int16, Int32, Int64, UInt8, Bool, UInt16, UInt32 };

    /// <summary>The dtype of a libtorch element type.</summary>
    internal static Dtype Of(ScalarType type) => All.FirstOrDefault(d => d.Type == type)
        ?? throw new NotSupportedException($"The element type {type} has no NumPy dtype here.");

    /// <summary>The dtype of a C# element type, as NumPy maps them.</summary>
    internal static Dtype Of(Type element) => element switch
    {
        var t when t == typeof(float) => Float32,
        var t when t == typeof(double) => Float64,
        var t when t == typeof(int) => Int32,
        var t when t == typeof(long) => Int64,
        var t when t == typeof(short) => Int16,
        var t when t == typeof(sbyte) => Int8,
        var t when t == typeof(byte) => UInt8,
        var t when t == typeof(ushort) => UInt16,
        var t when t == typeof(uint) => UInt32,
        var t when t == typeof(bool) => Bool,
        var t => throw new NotSupportedException($"Arrays of {t.Name} are not supported; use float, double, int, long, short, sbyte, byte, ushort, uint or bool."),
    };

    /// <summary>A tensor's values converted to this dtype's storage, wrapping as NumPy's cast wraps out-of-range integers.</summary>
    internal Tensor Convert(Tensor values)
    {
        if (UnsignedModulus is not long modulus) return values.to_type(Type);
        var whole = values.is_floating_point() ? values.trunc().to_type(ScalarType.Int64) : values.to_type(ScalarType.Int64);
        return whole.remainder(modulus).to_type(Type);
    }

    /// <summary>NumPy's name.</summary>
    public override string ToString() => Name;
}
