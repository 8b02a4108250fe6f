using static TorchSharp.torch;

namespace Numpy;

/// <summary>A NumPy dtype, as <c>np.float32</c>: its name and the libtorch element type that stores it.</summary>
public sealed class Dtype
{
    private Dtype(string name, ScalarType type) => (Name, Type) = (name, type);

    /// <summary>NumPy's name: float32, int64, uint8...</summary>
    public string Name { get; }

    internal ScalarType Type { get; }

    internal static readonly Dtype Float32 = new("float32", ScalarType.Float32), Float64 = new("float64", ScalarType.Float64),
        Int32 = new("int32", ScalarType.Int32), Int64 = new("int64", ScalarType.Int64), UInt8 = new("uint8", ScalarType.Byte),
        Bool = new("bool", ScalarType.Bool), Float16 = new("float16", ScalarType.Float16);

    private static readonly Dtype[] All = { Float32, Float64, Int32, Int64, UInt8, Bool, Float16 };

    /// <summary>The dtype of a libtorch element type.</summary>
    internal static Dtype Of(ScalarType type) => All.FirstOrDefault(d => d.Type == type)
        ?? throw new NotSupportedException($"The element type {type} has no NumPy dtype here.");

    /// <summary>NumPy's name.</summary>
    public override string ToString() => Name;
}
