using System.Text.Json.Nodes;
using Keras.Initializers;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras 2.2's initializers that Keras.NET programs name (uniform, normal, lecun_*, truncated_normal, orthogonal, identity)
/// against Keras's formulas: 200,000 draws put each distribution's moments within 2% of the formula's.
/// </summary>
public class InitializerTests : SessionScopedTest
{
    private static readonly Keras.Shape Big = (500, 400);

    private static float[] Draw(Initializer init, Keras.Shape shape)
    {
        using var w = init.Generate(shape);
        Assert.Equal(shape.Dims.Select(d => (long)d), w.shape);
        Assert.Equal(ScalarType.Float32, w.dtype);
        return w.data<float>().ToArray();
    }

    private static (double Mean, double Std) Moments(float[] v)
    {
        double mean = v.Average(x => (double)x);
        return (mean, Math.Sqrt(v.Average(x => (x - mean) * (x - mean))));
    }

    [Fact]
    public void Uniform_and_normal_are_keras_2_2s_with_their_0_05_scale()
    {
        var uniform = Draw(Initializer.Get("uniform"), Big);
        Assert.All(uniform, x => Assert.InRange(x, -0.05f, 0.05f));
        var (um, us) = Moments(uniform);
        Assert.InRange(um, -0.001, 0.001);
        Assert.Equal(0.1 / Math.Sqrt(12), us, 0.02 * 0.1 / Math.Sqrt(12));

        var (nm, ns) = Moments(Draw(Initializer.Get("normal"), Big));
        Assert.InRange(nm, -0.001, 0.001);
        Assert.Equal(0.05, ns, 0.001);
        // Untruncated: some values lie beyond two standard deviations (4.6% of a normal's).
        Assert.InRange(Draw(new RandomNormal(1, 2), Big).Count(x => Math.Abs(x - 1) > 4) / (double)Big.Size, 0.04, 0.052);
        Assert.IsType<RandomUniform>(Initializer.Get("random_uniform"));
        Assert.IsType<RandomNormal>(Initializer.Get("random_normal"));
    }

    [Fact]
    public void Truncated_normal_cuts_at_two_standard_deviations_of_the_untruncated_normal()
    {
        var v = Draw(new TruncatedNormal(mean: 0.5, stddev: 0.1), Big);
        Assert.All(v, x => Assert.InRange(x, 0.3f - 1e-6f, 0.7f + 1e-6f));
        var (m, s) = Moments(v);
        Assert.Equal(0.5, m, 0.001);
        Assert.Equal(0.1 * 0.87962566103423978, s, 0.002);
        Assert.Equal(0.05 * 0.87962566103423978, Moments(Draw(Initializer.Get("truncated_normal"), Big)).Std, 0.001);
    }

    [Fact]
    public void Lecun_initializers_scale_by_fan_in()
    {
        var shape = new Keras.Shape(3, 3, 64, 100); // fan_in 576
        var uniform = Draw(Initializer.Get("lecun_uniform"), shape);
        double limit = Math.Sqrt(3.0 / 576);
        Assert.All(uniform, x => Assert.InRange(x, -limit, limit));
        Assert.Equal(limit / Math.Sqrt(3), Moments(uniform).Std, 0.02 * limit / Math.Sqrt(3));
        var normal = Draw(Initializer.Get("lecun_normal"), shape);
        Assert.Equal(Math.Sqrt(1.0 / 576), Moments(normal).Std, 0.02 * Math.Sqrt(1.0 / 576));
        Assert.All(normal, x => Assert.InRange(Math.Abs(x), 0, 2 * Math.Sqrt(1.0 / 576) / 0.87962566103423978 + 1e-6));
    }

    [Theory]
    [InlineData(new[] { 6, 4 })]
    [InlineData(new[] { 4, 6 })]
    [InlineData(new[] { 3, 3, 2, 5 })]
    public void Orthogonal_gives_orthonormal_rows_or_columns_times_the_gain(int[] dims)
    {
        var shape = new Keras.Shape(dims);
        using var w = new Orthogonal(gain: 2).Generate(shape);
        Assert.Equal(dims.Select(d => (long)d), w.shape);
        using var flat = w.reshape(-1, dims[^1]).to_type(ScalarType.Float64) / 2;
        long rows = flat.shape[0], cols = flat.shape[1];
        // Keras keeps u (rows x cols) when rows >= cols: orthonormal columns; else v: orthonormal rows.
        using var gram = rows >= cols ? flat.t().matmul(flat) : flat.matmul(flat.t());
        using var identity = eye(Math.Min(rows, cols), dtype: ScalarType.Float64);
        Assert.True(gram.allclose(identity, rtol: 0, atol: 1e-5), gram.ToString());
        Assert.Throws<ArgumentException>(() => new Orthogonal().Generate(new Keras.Shape(5)));
    }

    [Fact]
    public void Identity_is_for_square_matrices_only()
    {
        using var w = new Identity(gain: 3).Generate((4, 4));
        Assert.Equal(new float[] { 3, 0, 0, 0, 0, 3 }, w.data<float>().ToArray().Take(6));
        Assert.Equal(12f, w.sum().item<float>());
        var e = Assert.Throws<ArgumentException>(() => Initializer.Get("identity").Generate((4, 5)));
        Assert.Contains("2D square matrices", e.Message);
    }

    [Fact]
    public void Each_initializer_writes_and_reads_its_keras_config()
    {
        var all = new Initializer[] { new RandomNormal(0.1, 0.2), new RandomUniform(-1, 2), new TruncatedNormal(0, 0.3), new Orthogonal(1.5), new Identity(0.5), new LecunUniform(), new LecunNormal() };
        foreach (var init in all)
        {
            JsonObject config = init.GetConfig();
            var back = Initializer.FromConfig(JsonNode.Parse(config.ToJsonString())!);
            Assert.Equal(config.ToJsonString(), back.GetConfig().ToJsonString());
        }
        Assert.Equal("""{"class_name":"RandomNormal","config":{"mean":0,"stddev":0.05,"seed":null}}""", new RandomNormal().GetConfig().ToJsonString());
        Assert.Equal("""{"class_name":"VarianceScaling","config":{"scale":1,"mode":"fan_in","distribution":"uniform","seed":null}}""", new LecunUniform().GetConfig().ToJsonString());
    }

    [Fact]
    public void A_layer_takes_any_of_the_names_and_Keras_NETs_input_dim_and_an_unknown_name_fails_at_construction()
    {
        var model = new Sequential();
        model.Add(new Dense(8, 4, "relu", kernel_initializer: "orthogonal", bias_initializer: "uniform"));
        model.Add(new Dense(8, kernel_initializer: "identity"));
        Assert.Equal(new Keras.Shape(8), model.Layers[^1].OutputShape);
        Assert.Equal(new Keras.Shape(4), model.InputShape);
        Assert.Contains("give one of them", Assert.Throws<ArgumentException>(() => new Dense(8, input_dim: 4, input_shape: 5)).Message);
        var e = Assert.Throws<ArgumentException>(() => new Dense(8, kernel_initializer: "he_uniformm"));
        Assert.Contains("Unknown initializer 'he_uniformm'", e.Message);
    }
}
