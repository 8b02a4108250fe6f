using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// The product of x (..., n) and w (n, m) as libtorch's <c>matmul</c> computes it (x folded to two dimensions, one
/// <c>mm</c>), but through <c>mm</c> itself: TorchSharp 0.107's <c>matmul</c> entry point has no error handler, so a
/// libtorch error inside it (mismatched shapes or dtypes) ends the process, where <c>mm</c>'s becomes an exception.
/// </summary>
internal static class MatrixProduct
{
    /// <summary>x times w, of shape (..., m).</summary>
    public static Tensor Of(Tensor x, Tensor w)
    {
        if (x.dim() == 2) return x.mm(w);
        var outer = x.shape[..^1];
        return x.reshape(-1, x.shape[^1]).mm(w).reshape([.. outer, w.shape[^1]]);
    }
}
