using System.Text.Json;
using Numpy;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// The Numpy facade: arrays print as NumPy's str() prints them (checked against NumPy), shapes print and slice as
/// Python tuples, astype, in-place compound division on the same storage, slicing strings, argmax, where, and
/// np.random under the Keras seed.
/// </summary>
public class NumpyFacadeTests : SessionScopedTest
{
    [SkippableFact]
    public void Arrays_print_as_numpy_prints_them()
    {
        PythonEnvironment.Require("numpy");
        var cases = new (NDarray Array, string Dtype)[]
        {
            (np.array(new long[,] { { 1, 2 }, { 3, 44 } }), "int64"),
            (np.array(new long[,] { { 512, 3, 0 }, { 7, 498, 12 }, { 0, 1, 600 } }), "int64"),
            (np.array(new[] { 1.0, 2.5 }), "float64"),
            (np.array(new[] { 0.1f, 0.25f, 3f }), "float32"),
            (np.array(new[] { -1.5, 0.0, 2.125 }), "float64"),
            (np.array(new[] { true, false }), "bool"),
            (np.arange(2000), "int64"),
            (np.arange(0.0, 24, 1).reshape(2, 3, 4), "float64"),
            (np.arange(0, 24, 1).reshape(2, 3, 4), "int64"),
            (np.array(new byte[] { 0, 255, 7 }), "uint8"),
            (np.arange(40), "int64"),
            (np.array(new[,] { { 0.5f, 1f / 3 }, { 2f, -7.25f } }), "float32"),
        };
        var json = cases.Select(c => new { values = c.Array.flatten().GetData<double>(), shape = c.Array.shape.Dimensions, dtype = c.Dtype }).ToList();
        string input = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-np-").FullName, "cases.json");
        File.WriteAllText(input, JsonSerializer.Serialize(json));
        var expected = JsonSerializer.Deserialize<string[]>(PythonEnvironment.Script("numpy_str.py", input))!;
        for (int i = 0; i < cases.Length; i++) Assert.Equal(expected[i], cases[i].Array.ToString());
    }

    [Fact]
    public void Shapes_print_and_slice_as_python_tuples()
    {
        using var x = new NDarray(zeros(5, 32, 32, 3, dtype: ScalarType.Byte));
        Assert.Equal("(5, 32, 32, 3)", x.shape.ToString());
        Assert.Equal("shape: (5, 32, 32, 3)", "shape: " + x.shape);
        Assert.Equal(5, x.shape[0]);
        Assert.Equal(new Keras.Shape(32, 32, 3), x.shape[1..]);
        Assert.Equal("(3,)", x.shape[^1..].ToString());
        Assert.Equal("uint8", x.dtype.ToString());
        Assert.Equal(4, x.ndim);
    }

    [Fact]
    public void Compound_division_works_in_place_on_the_same_storage_as_numpy()
    {
        var x = np.array(new[] { 0f, 51f, 255f }).astype(np.float32);
        var before = x.Tensor;
        x /= 255;
        Assert.Same(before, x.Tensor); // no second array: the tutorial's 600 MB of CIFAR floats exist once
        Assert.Equal(new[] { 0f, 0.2f, 1f }, x.GetData<float>());
        var counts = np.array(new[] { 2, 4 });
        counts /= 2; // NumPy refuses true division in place on integers; the facade gives float64, as x = x / 2 would
        Assert.Equal("float64", counts.dtype.Name);
        Assert.Equal(new[] { 1.0, 2.0 }, counts.GetData<double>());
    }

    [Fact]
    public void Slicing_strings_argmax_and_where_follow_numpy()
    {
        var x = np.arange(0, 24, 1).reshape(2, 3, 4);
        Assert.Equal("(2, 2, 4)", x[":, 1:3"].shape.ToString());
        Assert.Equal(new[] { 3.0, 7, 11, 15, 19, 23 }, x["..., -1"].flatten().GetData<double>());
        Assert.Equal(new[] { 0.0, 2 }, x[":, 0, ::2"][0].GetData<double>());
        var probabilities = np.array(new[,] { { 0.1f, 0.7f, 0.2f }, { 0.5f, 0.3f, 0.2f } });
        Assert.Equal(new long[] { 1, 0 }, np.argmax(probabilities, axis: 1).GetData<long>());
        Assert.Equal(new long[] { 0 }, np.where(np.argmax(probabilities, axis: 1) > 0.5)[0].GetData<long>()); // the first row's answer is class 1
        Assert.Throws<ArgumentException>(() => x["1:2:-1"]);
        Assert.Throws<ArgumentException>(() => x["a"]);
    }

    [Fact]
    public void Np_random_repeats_under_the_keras_seed()
    {
        Keras.Utils.Util.SetRandomSeed(3);
        var a = np.random.rand(2, 3).GetData<double>();
        var b = np.random.randint(0, 10, new[] { 5 }).GetData<long>();
        Keras.Utils.Util.SetRandomSeed(3);
        Assert.Equal(a, np.random.rand(2, 3).GetData<double>());
        Assert.Equal(b, np.random.randint(0, 10, new[] { 5 }).GetData<long>());
        Assert.All(a, v => Assert.InRange(v, 0, 1));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), np.random.permutation(8).GetData<long>().Order());
    }
}
