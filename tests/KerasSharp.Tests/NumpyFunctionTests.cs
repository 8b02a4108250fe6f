using Numpy;

namespace KerasSharp.Tests;

/// <summary>
/// The NumPy functions tutorials and Keras.NET programs call, each computed by the facade and by NumPy
/// (<c>python-env/numpy_ops.py</c>, Debian's NumPy 1.24) on the same inputs: the same dtype, shape and values
/// (floats within 1e-6 relative, for NumPy sums pairwise). Inputs travel by the facade's np.save, results come back
/// by its np.load, so both are exercised against NumPy's own.
/// </summary>
public class NumpyFunctionTests : SessionScopedTest
{
    private static readonly NDarray A = np.array(new[,] { { 1.5, -2.0, 3.25 }, { 0.0, 4.5, -0.75 } });
    private static readonly NDarray F = np.array(new[,] { { 0.1f, 2.5f }, { -3f, 4.75f }, { 5f, 0.01f } });
    private static readonly NDarray I = np.array(new[,] { { 3, -1, 4 }, { 1, -5, 9 } });
    private static readonly NDarray V = np.array(new[] { 2.0, 8.0, 0.5, 1.0 });
    private static readonly NDarray Col = np.array(new[,] { { 7L }, { 8L } });

    private static readonly (string Name, Func<NDarray> Facade, string Python)[] Cases =
    {
        ("abs_a", () => np.abs(A), "np.abs(a)"),
        ("abs_i", () => np.abs(I), "np.abs(i)"),
        ("absolute_f", () => F.absolute(), "np.absolute(f)"),
        ("sqrt_v", () => np.sqrt(V), "np.sqrt(v)"),
        ("sqrt_i", () => np.sqrt(np.abs(I)), "np.sqrt(np.abs(i))"),
        ("sqrt_f", () => F.sqrt(), "np.sqrt(f)"),
        ("exp_a", () => np.exp(A), "np.exp(a)"),
        ("exp_f", () => np.exp(F), "np.exp(f)"),
        ("log_v", () => np.log(V), "np.log(v)"),
        ("log_i", () => np.log(np.abs(I)), "np.log(np.abs(i))"),
        ("clip_a", () => np.clip(A, -1.0, 2.0), "np.clip(a, -1.0, 2.0)"),
        ("clip_f", () => np.clip(F, 0.0, 1.0), "np.clip(f, 0.0, 1.0)"),
        ("clip_i", () => np.clip(I, 0, 4), "np.clip(i, 0, 4)"),
        ("clip_arrays", () => np.clip(A, (NDarray)(-0.5), (NDarray)0.5), "np.clip(a, np.array(-0.5), np.array(0.5))"),
        ("std_a", () => (NDarray)np.std(A), "np.std(a)"),
        ("std_a_ddof", () => (NDarray)np.std(A, ddof: 1), "np.std(a, ddof=1)"),
        ("std_a0", () => np.std(A, 0), "np.std(a, axis=0)"),
        ("std_i1", () => np.std(I, 1), "np.std(i, axis=1)"),
        ("std_f", () => np.std(F, 0), "np.std(f, axis=0)"),
        ("var_a", () => (NDarray)np.var(A), "np.var(a)"),
        ("var_i", () => np.var(I, -1, keepdims: true), "np.var(i, axis=-1, keepdims=True)"),
        ("mean_i", () => (NDarray)np.mean(I), "np.mean(i)"),
        ("mean_a1", () => np.mean(A, 1), "np.mean(a, axis=1)"),
        ("sum_i", () => np.sum(I), "np.sum(i)"),
        ("sum_a01", () => np.sum(A, new[] { 0, 1 }), "np.sum(a, axis=(0, 1))"),
        ("sum_i0", () => I.sum(0), "i.sum(axis=0)"),
        ("min_a", () => np.min(A), "np.min(a)"),
        ("max_a0", () => np.max(A, 0), "np.max(a, axis=0)"),
        ("amax_i", () => np.amax(I, 1, keepdims: true), "np.amax(i, axis=1, keepdims=True)"),
        ("amin_f", () => F.min(1), "f.min(axis=1)"),
        ("max_f", () => F.max(), "f.max()"),
        ("argmax_a", () => np.argmax(A, 1), "np.argmax(a, axis=1)"),
        ("stack_0", () => np.stack(new[] { A, A * 2 }), "np.stack([a, a * 2])"),
        ("stack_2", () => np.stack(new[] { A, A * 2 }, axis: 2), "np.stack([a, a * 2], axis=2)"),
        ("hstack_2d", () => np.hstack(A, I), "np.hstack([a, i])"),
        ("hstack_1d", () => np.hstack(V, V), "np.hstack([v, v])"),
        ("hstack_col", () => np.hstack(Col, I), "np.hstack([col, i])"),
        ("vstack_2d", () => np.vstack(A, A), "np.vstack([a, a])"),
        ("vstack_1d", () => np.vstack(V, V * 3), "np.vstack([v, v * 3])"),
        ("concatenate_tuple", () => np.concatenate((A, A), axis: 1), "np.concatenate((a, a), axis=1)"),
        ("reshape", () => np.reshape(A, 3, -1), "np.reshape(a, (3, -1))"),
        ("transpose", () => np.transpose(A), "np.transpose(a)"),
        ("transpose_axes", () => np.stack(new[] { A, A }).transpose(2, 0, 1), "np.stack([a, a]).transpose(2, 0, 1)"),
        ("T", () => I.T, "i.T"),
        ("squeeze", () => np.squeeze(Col), "np.squeeze(col)"),
        ("squeeze_axis", () => np.squeeze(Col, 1), "np.squeeze(col, axis=1)"),
        ("linspace", () => np.linspace(0, 1, 11), "np.linspace(0, 1, 11)"),
        ("linspace_open", () => np.linspace(-2.5, 7.1, 7, endpoint: false), "np.linspace(-2.5, 7.1, 7, endpoint=False)"),
        ("linspace_int", () => np.linspace(0, 10, 4, dtype: np.int32), "np.linspace(0, 10, 4, dtype=np.int32)"),
        ("linspace_one", () => np.linspace(3, 9, 1), "np.linspace(3, 9, 1)"),
        ("eye", () => np.eye(3), "np.eye(3)"),
        ("eye_k", () => np.eye(3, 4, k: 1, dtype: np.int32), "np.eye(3, 4, k=1, dtype=np.int32)"),
        ("eye_below", () => np.eye(4, 3, k: -2), "np.eye(4, 3, k=-2)"),
        ("full_int", () => np.full((2, 3), 7), "np.full((2, 3), 7)"),
        ("full_float", () => np.full((2, 2), 0.5), "np.full((2, 2), 0.5)"),
        ("full_bool", () => np.full((3, 1), true), "np.full((3, 1), True)"),
        ("zeros_dtype", () => np.zeros((2, 3), np.float32), "np.zeros((2, 3), np.float32)"),
        ("ones_dtype", () => np.ones((2, 2), np.int32), "np.ones((2, 2), np.int32)"),
        ("arange_ints", () => np.arange(0, 10, 3), "np.arange(0, 10, 3)"),
        ("arange_floats", () => np.arange(0.5, 2.0, 0.25), "np.arange(0.5, 2.0, 0.25)"),
        ("astype_uint32", () => np.array(new[] { -1L, 5, 4294967297 }).astype(np.uint32), "np.array([-1, 5, 4294967297]).astype(np.uint32)"),
        ("astype_uint16", () => np.array(new[] { -2, 70000 }).astype(np.uint16), "np.array([-2, 70000]).astype(np.uint16)"),
        ("astype_int8", () => np.array(new[] { 1.9, -2.7, 127.0 }).astype(np.int8), "np.array([1.9, -2.7, 127.0]).astype(np.int8)"),
        ("array_uint", () => np.array(new uint[] { 0, 4000000000 }), "np.array([0, 4000000000], dtype=np.uint32)"),
        ("array_int2d", () => new NDarray(new[,] { { 1, 2 }, { 3, 4 } }), "np.array([[1, 2], [3, 4]], dtype=np.int32)"),
        ("array_int3d", () => new NDarray(new int[,,] { { { 1 }, { 2 } } }), "np.array([[[1], [2]]], dtype=np.int32)"),
        ("array_short", () => np.array(new short[] { -3, 300 }), "np.array([-3, 300], dtype=np.int16)"),
    };

    [SkippableFact]
    public void Each_function_gives_numpys_dtype_shape_and_values()
    {
        string folder = NumpyReference.Run(new[] { ("a", A), ("f", F), ("i", I), ("v", V), ("col", Col) },
            Cases.Select(c => KeyValuePair.Create(c.Name, c.Python)));
        var failures = Cases.Select(c => NumpyReference.Difference(NumpyReference.Result(folder, c.Name), c.Facade()) is string why ? $"{c.Python}: {why}" : null)
            .OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
