using static TorchSharp.torch;

namespace Numpy;

#pragma warning disable CS8981 // NumPy's lower-case name
public static partial class np
#pragma warning restore CS8981
{
    /// <summary>The absolute values, as <c>np.abs(x)</c>.</summary>
    /// <param name="x">An array.</param>
    /// <returns>A new array of the same dtype.</returns>
    public static NDarray abs(NDarray x) => x.abs();

    /// <summary>The absolute values, as <c>np.absolute(x)</c>.</summary>
    /// <param name="x">An array.</param>
    /// <returns>A new array of the same dtype.</returns>
    public static NDarray absolute(this NDarray x) => x.abs();

    /// <summary>Square roots, as <c>np.sqrt(x)</c>: NaN for negative values.</summary>
    /// <param name="x">An array.</param>
    /// <returns>Floats: integers give float64, as in NumPy.</returns>
    public static NDarray sqrt(this NDarray x) => new(Floats(x).sqrt());

    /// <summary>e to the power of each value, as <c>np.exp(x)</c>.</summary>
    /// <param name="x">An array.</param>
    /// <returns>Floats: integers give float64, as in NumPy.</returns>
    public static NDarray exp(this NDarray x) => new(Floats(x).exp());

    /// <summary>Natural logarithms, as <c>np.log(x)</c>: -inf for 0, NaN for negative values.</summary>
    /// <param name="x">An array.</param>
    /// <returns>Floats: integers give float64, as in NumPy.</returns>
    public static NDarray log(this NDarray x) => new(Floats(x).log());

    /// <summary>The values limited to [a_min, a_max], as <c>np.clip(a, a_min, a_max)</c> with arrays as bounds.</summary>
    /// <param name="a">An array.</param>
    /// <param name="a_min">The lower bounds, broadcast against a.</param>
    /// <param name="a_max">The upper bounds, broadcast against a.</param>
    /// <returns>A new array.</returns>
    public static NDarray clip(this NDarray a, NDarray a_min, NDarray a_max) => new(TorchSharp.torch.clamp(a.Tensor, a_min.Tensor, a_max.Tensor));

    /// <summary>The values limited to [a_min, a_max], as <c>np.clip(a, 0.0, 1.0)</c>.</summary>
    /// <param name="a">An array.</param>
    /// <param name="a_min">The lower bound.</param>
    /// <param name="a_max">The upper bound.</param>
    /// <returns>A new array of a's dtype for a float array; float64 for an integer one, as NumPy does with float bounds.</returns>
    public static NDarray clip(this NDarray a, double a_min, double a_max) => new(Floats(a).clamp(a_min, a_max));

    /// <summary>The values limited to [a_min, a_max], as <c>np.clip(a, 0, 255)</c> with integer bounds.</summary>
    /// <param name="a">An array.</param>
    /// <param name="a_min">The lower bound.</param>
    /// <param name="a_max">The upper bound.</param>
    /// <returns>A new array of a's dtype.</returns>
    public static NDarray clip(this NDarray a, long a_min, long a_max) => new(a.Tensor.clamp(a_min, a_max));

    /// <summary>A float array's tensor, or an integer or bool array's values as float64: NumPy's result type for its math functions.</summary>
    private static Tensor Floats(NDarray x) => x.Tensor.is_floating_point() ? x.Tensor : x.Tensor.to_type(ScalarType.Float64);
}
