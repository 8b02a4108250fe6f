using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class WeightsAndUtilsTests
{
    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Conv2D(3, 3, input_shape: (6, 6, 2)));
        model.Add(new Flatten());
        model.Add(new Dense(4));
        return model;
    }

    [Fact]
    public void Weights_round_trip_through_a_file_without_leaving_temporary_files()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-weights-").FullName;
        string path = Path.Combine(folder, "model.weights");
        var source = Model();
        source.SaveWeights(path);
        var target = Model();
        target.LoadWeights(path);
        var a = source.GetWeights();
        var b = target.GetWeights();
        Assert.Equal(4, a.Length);
        Assert.Equal(new long[] { 3, 3, 2, 3 }, a[0].shape);
        for (int i = 0; i < a.Length; i++) Assert.True(a[i].allclose(b[i], rtol: 0, atol: 0));
        Assert.Equal(new[] { "model.weights" }, Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Truncated_or_foreign_weight_files_are_refused_and_leave_the_model_untouched()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-weights-").FullName;
        string path = Path.Combine(folder, "model.weights");
        Model().SaveWeights(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var model = Model();
        var before = model.GetWeights();
        var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
        Assert.Contains("truncated", e.Message);
        Assert.True(before[0].allclose(model.GetWeights()[0], rtol: 0, atol: 0));

        File.WriteAllText(path, "not weights at all");
        Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

        var other = new Sequential();
        other.Add(new Dense(4, input_shape: 3));
        other.SaveWeights(path);
        var mismatch = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
        Assert.Contains("different architecture", mismatch.Message);
    }

    [Fact]
    public void To_categorical_one_hot_encodes_column_labels()
    {
        var y = tensor(new byte[] { 2, 0, 1 }).reshape(3, 1);
        var oneHot = Util.ToCategorical(y, 3);
        Assert.Equal(new long[] { 3, 3 }, oneHot.shape);
        Assert.Equal(ScalarType.Float32, oneHot.dtype);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, oneHot.data<float>().ToArray());
        Assert.Equal(new long[] { 3, 3 }, Util.to_categorical(tensor(new long[] { 0, 2, 1 })).shape);
        var e = Assert.Throws<ArgumentException>(() => Util.ToCategorical(y, 2));
        Assert.Contains("range from 0 to 2", e.Message);
    }

    [Fact]
    public void Numpy_helpers_find_indices_argmax_and_cast()
    {
        var y = tensor(new long[] { 3, 1, 3, 0 });
        Assert.Equal(new long[] { 0, 2 }, Numpy.np.where(y.eq(3))[0].GetData<long>());
        Assert.Equal(new long[] { 1, 0 }, Numpy.np.argmax(tensor(new float[] { 0, 5, 1, 9, 2, 3 }).reshape(2, 3), axis: 1).GetData<long>());
        Assert.Equal(ScalarType.Float32, ((Numpy.NDarray)y).astype(Numpy.np.float32).Tensor.dtype);
        Util.SetRandomSeed(5);
        long first = Numpy.np.random.randint(0, 1000).asscalar<long>();
        Util.SetRandomSeed(5);
        Assert.Equal(first, Numpy.np.random.randint(0, 1000).asscalar<long>());
        Assert.Equal(3, Numpy.np.random.randint(3, 4).asscalar<long>());
    }
}
