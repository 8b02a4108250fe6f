using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;
using Keras.PreProcessing.Image;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// ImageDataGenerator: each augmentation as Keras defines it (whole-pixel shifts in every fill mode against Keras's
/// documented patterns, flips, and rotations, zooms and fractional shifts against Keras's apply_affine_transform run
/// with SciPy), Flow's batches, determinism under the Keras seed, and Fit on a generator.
/// </summary>
public class ImageDataGeneratorTests : SessionScopedTest
{
    /// <summary>A 3 x 5 one-channel picture whose pixels are 1..15, row by row.</summary>
    private static Tensor Picture() => arange(1, 16, dtype: ScalarType.Float32).reshape(3, 5, 1);

    private static float[] Row(Tensor image, int row) => image[row, .., 0].data<float>().ToArray();

    /// <summary>Equal up to float32 rounding of the sampling coordinates (a whole-pixel move samples at n +- 1e-7).</summary>
    private static void AssertClose(float[] expected, float[] actual) =>
        Assert.True(expected.Length == actual.Length && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))),
            $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");

    [Theory]
    // out[c] = in[c + ty]: ty -2 reads two pixels left of the picture, ty +2 two right of it. Row 0 is a b c d e = 1..5.
    [InlineData("nearest", -2, new float[] { 1, 1, 1, 2, 3 })]   // aaaa|abcde|eeee
    [InlineData("reflect", -2, new float[] { 2, 1, 1, 2, 3 })]   // edcba|abcde|edcba
    [InlineData("wrap", -2, new float[] { 4, 5, 1, 2, 3 })]      // abcde|abcde|abcde
    [InlineData("constant", -2, new float[] { -1, -1, 1, 2, 3 })] // kkkk|abcde|kkkk
    [InlineData("nearest", 2, new float[] { 3, 4, 5, 5, 5 })]
    [InlineData("reflect", 2, new float[] { 3, 4, 5, 5, 4 })]
    [InlineData("wrap", 2, new float[] { 3, 4, 5, 1, 2 })]
    [InlineData("constant", 2, new float[] { 3, 4, 5, -1, -1 })]
    public void Whole_pixel_shifts_fill_as_keras_documents_each_fill_mode(string mode, int ty, float[] expected)
    {
        var generator = new ImageDataGenerator(fill_mode: mode, cval: -1);
        using var picture = Picture();
        using var shifted = generator.ApplyTransform(picture, new TransformParameters(ty: ty));
        AssertClose(expected, Row(shifted, 0));
        // Along the rows too: tx 1 moves row 1 into row 0.
        using var down = generator.ApplyTransform(picture, new TransformParameters(tx: 1));
        AssertClose(Row(picture, 1), Row(down, 0));
    }

    [Fact]
    public void Flips_reverse_columns_or_rows()
    {
        var generator = new ImageDataGenerator();
        using var picture = Picture();
        using var mirrored = generator.ApplyTransform(picture, new TransformParameters(flip_horizontal: true));
        Assert.Equal(new float[] { 5, 4, 3, 2, 1 }, Row(mirrored, 0));
        using var upsideDown = generator.ApplyTransform(picture, new TransformParameters(flip_vertical: true));
        Assert.Equal(Row(picture, 2), Row(upsideDown, 0));
    }

    [SkippableTheory]
    [InlineData("nearest")]
    [InlineData("reflect")]
    [InlineData("wrap")]
    [InlineData("constant")]
    public void Rotations_zooms_and_fractional_shifts_match_keras_apply_affine_transform(string mode)
    {
        PythonEnvironment.Require("numpy", "scipy");
        Keras.Utils.Util.SetRandomSeed(5);
        using var image = rand(7, 9, 2);
        var parameters = new[]
        {
            new TransformParameters(theta: 30), new TransformParameters(theta: -90), new TransformParameters(tx: 1.5, ty: -2.25),
            new TransformParameters(zx: 0.8, zy: 1.3), new TransformParameters(theta: 12, tx: -0.7, ty: 1.1, zx: 1.1, zy: 0.9),
        };
        var spec = new JsonObject
        {
            ["image"] = JsonNode.Parse(JsonSerializer.Serialize(Enumerable.Range(0, 7).Select(r => Enumerable.Range(0, 9).Select(c => image[r, c].data<float>().ToArray())))),
            ["params"] = new JsonArray(parameters.Select(p => (JsonNode?)new JsonObject { ["theta"] = p.theta, ["tx"] = p.tx, ["ty"] = p.ty, ["zx"] = p.zx, ["zy"] = p.zy }).ToArray()),
            ["fill_mode"] = mode,
            ["cval"] = 0.25,
        };
        string input = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-aug-").FullName, "spec.json");
        File.WriteAllText(input, spec.ToJsonString());
        var keras = JsonSerializer.Deserialize<double[][][][]>(PythonEnvironment.Script("keras_augment.py", input))!;

        var generator = new ImageDataGenerator(fill_mode: mode, cval: 0.25);
        for (int k = 0; k < parameters.Length; k++)
        {
            using var ours = generator.ApplyTransform(image, parameters[k]);
            for (int r = 0; r < 7; r++)
                for (int c = 0; c < 9; c++)
                    for (int ch = 0; ch < 2; ch++)
                        Assert.True(Math.Abs(keras[k][r][c][ch] - ours[r, c, ch].item<float>()) < 1e-4,
                            $"{parameters[k]} at ({r}, {c}, {ch}): Keras {keras[k][r][c][ch]}, KerasSharp {ours[r, c, ch].item<float>()}");
        }
    }

    [Fact]
    public void Random_transforms_stay_in_their_ranges_and_repeat_under_the_keras_seed()
    {
        var generator = new ImageDataGenerator(rotation_range: 15, width_shift_range: 0.1, height_shift_range: 0.2, zoom_range: 0.1, horizontal_flip: true);
        var drawn = Enumerable.Range(0, 400).Select(i => generator.GetRandomTransform(new Keras.Shape(32, 40, 3), seed: i)).ToList();
        Assert.All(drawn, p =>
        {
            Assert.InRange(p.theta, -15, 15);
            Assert.InRange(p.tx, -0.2 * 32, 0.2 * 32);
            Assert.InRange(p.ty, -0.1 * 40, 0.1 * 40);
            Assert.InRange(p.zx, 0.9, 1.1);
            Assert.InRange(p.zy, 0.9, 1.1);
            Assert.False(p.flip_vertical);
        });
        Assert.InRange(drawn.Count(p => p.flip_horizontal), 150, 250); // about half
        Assert.True(drawn.Max(p => p.theta) > 12 && drawn.Min(p => p.theta) < -12); // the range is used, not a corner of it

        (float[], float[]) FirstBatches()
        {
            Keras.Utils.Util.SetRandomSeed(42);
            using var x = rand(10, 6, 6, 1);
            using var y = arange(10);
            using var flow = generator.Flow(x, y, batch_size: 4);
            var (xb, yb) = flow.Next();
            Assert.Equal(new long[] { 4, 6, 6, 1 }, xb.shape);
            using (xb)
            using (yb)
                return (xb.data<float>().ToArray(), yb!.to_type(ScalarType.Float32).data<float>().ToArray());
        }
        var (xa, ya) = FirstBatches();
        var (xb2, yb2) = FirstBatches();
        Assert.Equal(xa, xb2);
        Assert.Equal(ya, yb2);
    }

    [Fact]
    public void Flow_passes_over_every_sample_once_per_pass_with_a_short_last_batch()
    {
        using var x = arange(10, dtype: ScalarType.Float32).reshape(10, 1, 1, 1);
        using var y = arange(10);
        int threads = get_num_threads();
        using var flow = new ImageDataGenerator().Flow(x, y, batch_size: 4, shuffle: true, seed: 3);
        Assert.Equal(3, flow.Length);
        for (int pass = 0; pass < 2; pass++)
        {
            var seen = new List<long>();
            for (int i = 0; i < flow.Length; i++)
            {
                var (xb, yb) = flow.Next();
                Assert.Equal(i < 2 ? 4 : 2, xb.shape[0]);
                Assert.Equal(yb!.to_type(ScalarType.Float32).data<float>().ToArray(), xb.reshape(-1).data<float>().ToArray()); // pictures keep their targets
                seen.AddRange(yb.data<long>().ToArray());
                xb.Dispose();
                yb.Dispose();
            }
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Order());
        }
        Assert.Equal(threads, get_num_threads()); // the background thread's single thread is its own
    }

    [Fact]
    public void Fit_trains_on_a_generator_counting_steps_and_repeats_under_the_seed()
    {
        var (x, y, _) = SyntheticData.Quadrants(96, seed: 4);
        List<double> Run()
        {
            Keras.Utils.Util.SetRandomSeed(9);
            var model = new Sequential();
            model.Add(new Conv2D(4, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1)));
            model.Add(new Flatten());
            model.Add(new Dense(4, activation: "softmax"));
            model.Compile(new Keras.Optimizers.SGD(lr: 0.1, momentum: 0.9), "categorical_crossentropy", new[] { "accuracy" });
            var output = new StringWriter();
            model.Writer = output;
            using var flow = new ImageDataGenerator(width_shift_range: 0.1, height_shift_range: 0.1, fill_mode: "nearest").Flow(x, y, batch_size: 16);
            var history = model.Fit(flow, epochs: 3, verbose: 2, validation_data: (x, y));
            Assert.Equal(3, history.history["val_acc"].Count);
            Assert.Contains("Epoch 3/3", output.ToString());
            return history.history["loss"].Concat(history.history["val_acc"]).ToList();
        }
        var first = Run();
        Assert.Equal(first, Run()); // the background thread does not change what is trained on
        Assert.True(first[2] < first[0], $"the loss fell: {string.Join(", ", first)}");
    }

    [Fact]
    public void Batches_survive_the_callers_dispose_scopes_opening_and_closing_between_them()
    {
        var (x, y, _) = SyntheticData.Quadrants(64, seed: 2);
        using var flow = new ImageDataGenerator(width_shift_range: 0.2, horizontal_flip: true).Flow(x, y, batch_size: 8);
        for (int i = 0; i < 20; i++) // across passes: a pass's order outlives the scopes it was first used in
        {
            using var scope = NewDisposeScope();
            var (xb, yb) = flow.Next();
            Assert.Equal(8, xb.shape[0]);
            Assert.True(yb!.sum().item<float>() > 0);
        }
        var model = new Sequential();
        model.Add(new Flatten(input_shape: (8, 8, 1)));
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile("sgd", "categorical_crossentropy", new[] { "accuracy" });
        using (var scope = NewDisposeScope())
            Assert.Equal(2, model.Fit(flow, epochs: 2, verbose: 0).history["loss"].Count);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_what_to_do()
    {
        Assert.Contains("fill_mode must be one of", Assert.Throws<ArgumentException>(() => new ImageDataGenerator(fill_mode: "mirror")).Message);
        Assert.Contains("rotation_range must be a non-negative number", Assert.Throws<ArgumentException>(() => new ImageDataGenerator(rotation_range: -1)).Message);
        using var x = zeros(4, 8, 8, 1);
        Assert.Contains("as many targets as pictures", Assert.Throws<ArgumentException>(() => new ImageDataGenerator().Flow(x, zeros(3))).Message);
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy");
        using var flow = new ImageDataGenerator().Flow(x, zeros(4, 2));
        Assert.Contains("but the model takes", Assert.Throws<ArgumentException>(() => model.Fit(flow)).Message);
    }
}
