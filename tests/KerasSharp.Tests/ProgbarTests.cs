using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class ProgbarTests
{
    [Theory]
    [InlineData(0.03125, 4, "0.0312")] // an exact tie rounds to even, as Python
    [InlineData(0.09375, 4, "0.0938")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(1.23456789, 4, "1.2346")]
    [InlineData(-0.5, 0, "-0")]
    [InlineData(123456.0, 1, "123456.0")]
    public void Fixed_formatting_rounds_like_python(double value, int digits, string expected) =>
        Assert.Equal(expected, PyFormat.Fixed(value, digits));

    [Theory]
    [InlineData(0.0001234, "1.2340e-04")]
    [InlineData(0.0, "0.0000e+00")]
    [InlineData(0.5, "0.5000")]
    public void Metrics_switch_to_exponent_form_below_a_thousandth(double value, string expected) =>
        Assert.Equal(expected, PyFormat.Metric(value));

    [Theory]
    [InlineData(5.9, "5s")]
    [InlineData(61, "1:01")]
    [InlineData(3725, "1:02:05")]
    public void Eta_formats_as_keras(double seconds, string expected) => Assert.Equal(expected, Progbar.FormatEta(seconds));

    [Theory]
    [InlineData(2.0, "2s/step")]
    [InlineData(0.0125, "12ms/step")]
    [InlineData(0.0009, "900us/step")]
    public void Time_per_step_picks_its_unit(double seconds, string expected) => Assert.Equal(expected, Progbar.FormatPerStep(seconds));

    [Fact]
    public void A_redrawn_bar_shows_the_keras_layout()
    {
        var output = new StringWriter();
        var bar = new Progbar(50000, output: output, dynamic: true, interval: 0);
        bar.Update(32, new[] { ("loss", 2.0) });
        bar.Update(25024, new[] { ("loss", 1.0) });
        string[] frames = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("   32/50000 [..............................] - ETA: ", frames[0]);
        Assert.StartsWith("25024/50000 [==============>...............] - ETA: ", frames[1]);
        // Averaged by samples: (2.0 * 32 + 1.0 * 24992) / 25024.
        Assert.EndsWith(" - loss: " + PyFormat.Fixed((2.0 * 32 + 24992) / 25024, 4), frames[1].TrimEnd());
    }

    [Fact]
    public void Redirected_output_gets_one_line_per_epoch_with_validation_values()
    {
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy", new[] { "accuracy" });
        var output = new StringWriter();
        model.Writer = output;
        var x = rand(100, 3);
        var y = Util.ToCategorical(randint(0, 2, 100), 2);
        model.Fit(x, y, batch_size: 10, epochs: 2, validation_data: (x, y));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Train on 100 samples, validate on 100 samples", lines[0]);
        Assert.Equal("Epoch 1/2", lines[1]);
        Assert.Matches(@"^100/100 \[==============================\] - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$", lines[2]);
        Assert.Equal("Epoch 2/2", lines[3]);
        Assert.StartsWith("100/100 [==============================] - ", lines[4]);
        Assert.True(lines.Length == 5, output.ToString()); // no per-batch lines
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void Verbose_two_prints_one_summary_line_per_epoch()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 1));
        model.Compile("sgd", "mse");
        var output = new StringWriter();
        model.Writer = output;
        model.Fit(ones(10, 1), ones(10, 1), epochs: 1, verbose: 2);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Epoch 1/1", lines[0]);
        Assert.Matches(@"^ - \d+s - loss: \d\.\d{4}(e[-+]\d\d)?$", lines[1]);
    }
}
