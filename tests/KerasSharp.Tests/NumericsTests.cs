using Keras;
using Keras.Constraints;
using Keras.Initializers;
using Keras.Layers;
using Keras.Losses;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>Constraints, initialisers, losses, dropout and padding against Keras's definitions.</summary>
public class NumericsTests
{
    [Fact]
    public void MaxNorm_rescales_only_columns_whose_norm_exceeds_the_limit()
    {
        // Dense kernel (in=2, out=3): column norms 5, 1 and 10.
        using var w = tensor(new float[] { 3, 1, 6, 4, 0, 8 }).reshape(2, 3);
        using var c = new MaxNorm(2).Apply(w);
        var got = c.data<float>().ToArray();
        double[] expected = { 3 * 2 / (1e-7 + 5), 1 * 1 / (1e-7 + 1), 6 * 2 / (1e-7 + 10), 4 * 2 / (1e-7 + 5), 0, 8 * 2 / (1e-7 + 10) };
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], 5);
    }

    [Fact]
    public void MaxNorm_is_applied_after_each_update_not_at_initialisation()
    {
        var model = new Sequential();
        model.Add(new Dense(1, use_bias: false, kernel_constraint: new MaxNorm(1), input_shape: 2));
        model.SetWeights(new[] { tensor(new float[] { 3, 4 }).reshape(2, 1) });
        Assert.Equal(5.0, model.GetWeights()[0].norm().item<float>(), 5);

        model.Compile(new Keras.Optimizers.SGD(lr: 1e-6), "mse");
        model.Fit(ones(1, 2), ones(1, 1), verbose: 0);
        Assert.Equal(1.0, model.GetWeights()[0].norm().item<float>(), 4);
    }

    [Fact]
    public void Glorot_uniform_uses_keras_fans_and_stays_within_its_bound()
    {
        Assert.Equal((3.0 * 3 * 16, 3.0 * 3 * 32), Initializer.ComputeFans((3, 3, 16, 32)));
        Assert.Equal((2304.0, 512.0), Initializer.ComputeFans((2304, 512)));

        var init = new GlorotUniform();
        double limit = Math.Sqrt(6.0 / (144 + 288));
        Assert.Equal(limit, init.UniformLimit((3, 3, 16, 32)), 12);
        using var w = init.Generate((3, 3, 16, 32));
        Assert.True(w.abs().max().item<float>() <= limit);
        // 4,608 draws from U(-l, l): the extremes come within 1% of the bound, the spread is l/sqrt(3).
        Assert.True(w.abs().max().item<float>() > 0.99 * limit);
        Assert.Equal(limit / Math.Sqrt(3), w.std().item<float>(), 2);
    }

    [Fact]
    public void He_normal_is_truncated_at_two_standard_deviations()
    {
        var init = new HeNormal();
        double std = init.NormalStddev((100, 50));
        Assert.Equal(Math.Sqrt(2.0 / 100) / 0.87962566103423978, std, 12);
        using var w = init.Generate((100, 50));
        Assert.True(w.abs().max().item<float>() <= 2 * std + 1e-6);
        Assert.Equal(Math.Sqrt(2.0 / 100), w.std().item<float>(), 2);
    }

    [Fact]
    public void Categorical_crossentropy_renormalises_and_clips_like_keras()
    {
        using var yTrue = tensor(new float[] { 0, 1, 0, 1, 0, 0 }).reshape(2, 3);
        // Row 1 sums to 2 (renormalised to 0.25, 0.5, 0.25); row 2 gives class 0 a probability of 0 (clipped to 1e-7).
        using var yPred = tensor(new float[] { 0.5f, 1f, 0.5f, 0f, 0.5f, 0.5f }).reshape(2, 3);
        using var loss = new CategoricalCrossentropy().Call(yTrue, yPred);
        var got = loss.data<float>().ToArray();
        Assert.Equal(-Math.Log(0.5), got[0], 5);
        Assert.Equal(-Math.Log(1e-7), got[1], 3);
    }

    [Fact]
    public void Sparse_and_binary_crossentropy_clip_their_predictions()
    {
        using var sparse = new SparseCategoricalCrossentropy().Call(tensor(new long[] { 2 }), tensor(new float[] { 0.2f, 0.3f, 0.5f }).reshape(1, 3));
        Assert.Equal(-Math.Log(0.5), sparse.item<float>(), 5);
        using var binary = new BinaryCrossentropy().Call(tensor(new float[] { 1, 0 }).reshape(1, 2), tensor(new float[] { 1, 0 }).reshape(1, 2));
        Assert.Equal(-Math.Log(1 - 1e-7), binary.item<float>(), 5);
    }

    [Fact]
    public void Dropout_scales_kept_units_while_training_and_is_identity_otherwise()
    {
        var layer = new Dropout(0.25, input_shape: 10000);
        var model = new Sequential();
        model.Add(layer);
        using var x = ones(1, 10000);
        using var train = layer.Call(x, new CallContext(true, model.Random));
        var values = train.data<float>().ToArray();
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75) < 1e-6));
        double dropped = values.Count(v => v == 0) / 10000.0;
        Assert.InRange(dropped, 0.22, 0.28);
        using var predicted = model.Predict(x);
        Assert.All(predicted.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }

    [Theory]
    [InlineData(6, 3, 2)] // total padding 1: none before, one after
    [InlineData(5, 2, 1)] // total padding 1
    [InlineData(7, 3, 2)] // total padding 2: one each side
    [InlineData(5, 4, 3)] // total padding 2
    public void Same_padding_matches_the_keras_formula(int n, int k, int s)
    {
        int output = (n + s - 1) / s;
        int total = Math.Max((output - 1) * s + k - n, 0);
        int before = total / 2;

        var model = new Sequential();
        model.Add(new Conv2D(1, k, strides: s, padding: "same", use_bias: false, input_shape: (n, n, 1)));
        Assert.Equal(new Shape(output, output, 1), model.OutputShape);
        // A kernel of distinct weights makes any misplaced padding change the result.
        var kernel = arange(k * k, dtype: ScalarType.Float32).add(1).reshape(k, k, 1, 1);
        model.SetWeights(new[] { kernel });
        var input = arange(n * n, dtype: ScalarType.Float32).reshape(1, n, n, 1);
        var got = model.Predict(input).reshape(output, output);

        var img = input.reshape(n, n).data<float>().ToArray();
        var ker = kernel.reshape(k, k).data<float>().ToArray();
        for (int i = 0; i < output; i++)
            for (int j = 0; j < output; j++)
            {
                double sum = 0;
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                    {
                        int r = i * s + a - before, c = j * s + b - before;
                        if (r >= 0 && r < n && c >= 0 && c < n) sum += img[r * n + c] * ker[a * k + b];
                    }
                Assert.Equal(sum, got[i, j].item<float>(), 3);
            }
    }

    [Fact]
    public void Conv_kernels_round_trip_in_keras_layout_and_flatten_keeps_keras_order()
    {
        var model = new Sequential();
        model.Add(new Conv2D(2, (1, 1), use_bias: false, input_shape: (2, 2, 3)));
        model.Add(new Flatten());
        // Kernel (1, 1, in=3, out=2): output channel 0 copies input channel 0, channel 1 copies input channel 2.
        var kernel = tensor(new float[] { 1, 0, 0, 0, 0, 1 }).reshape(1, 1, 3, 2);
        model.SetWeights(new[] { kernel });
        Assert.Equal(kernel.data<float>().ToArray(), model.GetWeights()[0].data<float>().ToArray());

        var x = arange(12, dtype: ScalarType.Float32).reshape(1, 2, 2, 3);
        var flat = model.Predict(x).data<float>().ToArray();
        // (H, W, C) order: pixel (0,0) channels 0 and 2 = 0, 2; pixel (0,1) = 3, 5; ...
        Assert.Equal(new float[] { 0, 2, 3, 5, 6, 8, 9, 11 }, flat);
    }

    [Fact]
    public void Layer_products_are_libtorchs_matmul_and_a_libtorch_error_in_one_is_an_exception()
    {
        Keras.Utils.Util.SetRandomSeed(3);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            using var w = randn(6, 5).to(dtype);
            foreach (var shape in new[] { new long[] { 4, 6 }, new long[] { 3, 4, 6 }, new long[] { 2, 3, 4, 6 } })
            {
                using var x = randn(shape).to(dtype);
                using var expected = x.matmul(w);
                using var product = MatrixProduct.Of(x, w);
                Assert.Equal(expected.shape, product.shape);
                Assert.True(expected.equal(product).all().item<bool>(), $"{dtype} {string.Join("x", shape)}");
            }
        }
        // Through matmul this mismatch would end the test process (TorchSharp 0.107 does not catch libtorch's error there).
        using var floats = randn(3, 4, 6);
        using var low = randn(6, 5).to(ScalarType.BFloat16);
        Assert.ThrowsAny<System.Runtime.InteropServices.ExternalException>(() => MatrixProduct.Of(floats, low));
    }
}
