using System.Globalization;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using KerasSharp.Extensions;
using SkiaSharp;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Extensions;

public class PlotTests
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-plots-").FullName;

    /// <summary>Decodes a PNG and checks its size and that it shows more than a blank background.</summary>
    private static SKBitmap AssertPicture(string path, int width, int height)
    {
        var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        var colors = new HashSet<SKColor>();
        for (int y = 0; y < height; y += 3)
            for (int x = 0; x < width; x += 3)
                colors.Add(bitmap.GetPixel(x, y));
        Assert.True(colors.Count > 20, $"{Path.GetFileName(path)} looks blank ({colors.Count} colours)");
        return bitmap;
    }

    private static History TrainedHistory()
    {
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy", new[] { "accuracy" });
        var x = rand(40, 3);
        var y = Util.ToCategorical(randint(0, 2, 40), 2);
        return model.Fit(x, y, epochs: 5, verbose: 0, validation_data: (x, y));
    }

    [Fact]
    public void Training_history_plots_are_pictures_with_red_and_green_curves()
    {
        string folder = Folder();
        var history = TrainedHistory();
        HistoryPlot.Save(history, "acc", Path.Combine(folder, "acc.png"));
        HistoryPlot.Save(history, "loss", Path.Combine(folder, "loss.svg"));
        using var bitmap = AssertPicture(Path.Combine(folder, "acc.png"), 800, 600);
        var pixels = bitmap.Pixels;
        Assert.Contains(pixels, p => p.Red > 200 && p.Green < 60 && p.Blue < 60);
        Assert.Contains(pixels, p => p.Green > 100 && p.Red < 60 && p.Blue < 60);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder, "loss.svg")));
    }

    [Fact]
    public void Sample_grids_accept_rgb_and_greyscale_images()
    {
        string folder = Folder();
        var labels = arange(40) % 10;
        SampleGridPlot.Save(randint(0, 256, new long[] { 40, 32, 32, 3 }).to(ScalarType.Byte), labels, Keras.Datasets.Cifar10.ClassNames, Path.Combine(folder, "rgb.png"));
        SampleGridPlot.Save(randint(0, 256, new long[] { 40, 28, 28 }).to(ScalarType.Byte), labels, Keras.Datasets.FashionMNIST.ClassNames, Path.Combine(folder, "grey.png"));
        AssertPicture(Path.Combine(folder, "rgb.png"), 1000, 480).Dispose();
        // Class 9 has no image in the first nine: the grid is still drawn, with that cell empty.
        SampleGridPlot.Save(randint(0, 256, new long[] { 9, 32, 32, 3 }).to(ScalarType.Byte), arange(9), Keras.Datasets.Cifar10.ClassNames, Path.Combine(folder, "partial.png"));
        AssertPicture(Path.Combine(folder, "partial.png"), 1000, 480).Dispose();
        using var grey = AssertPicture(Path.Combine(folder, "grey.png"), 1000, 480);
        Assert.DoesNotContain(grey.Pixels, p => Math.Abs(p.Red - p.Green) > 40 && Math.Abs(p.Green - p.Blue) > 40);
    }

    [Fact]
    public void Heatmap_cells_darken_as_counts_grow_and_text_stays_readable()
    {
        var matrix = new long[,] { { 2, 0, 0 }, { 0, 20, 0 }, { 0, 0, 60 } };
        var plot = ConfusionMatrixPlot.Build(matrix, new[] { "a", "b", "c" }, "test");
        byte[] png = plot.GetImage(600, 500).GetImageBytes();
        using var bitmap = SKBitmap.Decode(png);
        // Sample each diagonal cell near a corner, away from its number.
        double Luminance(int i)
        {
            var pixel = plot.GetPixel(new ScottPlot.Coordinates(i - 0.35, 2 - i + 0.35));
            var c = bitmap.GetPixel((int)pixel.X, (int)pixel.Y);
            return 0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue;
        }
        Assert.True(Luminance(0) > Luminance(1) && Luminance(1) > Luminance(2), $"{Luminance(0)} {Luminance(1)} {Luminance(2)}");
        string folder = Folder();
        ConfusionMatrixPlot.Save(matrix, new[] { "a", "b", "c" }, Path.Combine(folder, "cm.png"));
        AssertPicture(Path.Combine(folder, "cm.png"), 900, 800).Dispose();
    }

    [Fact]
    public void Comparison_plots_draw_each_model()
    {
        string folder = Folder();
        // Two runs whose curves differ, so that neither line can hide the other (two short trainings on random data
        // could draw the same line, one over the other).
        var histories = new Dictionary<string, History> { ["4-conv"] = SyntheticHistory(8), ["6-conv"] = SyntheticHistory(8, gain: 0.4) };
        ComparisonPlot.SaveMetric(histories, Path.Combine(folder, "acc.png"));
        ComparisonPlot.SaveEpochTimes(histories, Path.Combine(folder, "time.png"));
        ComparisonPlot.SaveMetric(new Dictionary<string, History> { ["4-conv"] = histories["4-conv"] }, Path.Combine(folder, "one.png"));
        // Each model is drawn in its own Category10 colour (blue #1f77b4, then orange #ff7f0e): its line, its bar.
        // Lines are anti-aliased: a pixel counts when it is close to the colour.
        int Pixels(SKBitmap bitmap, SKColor colour) =>
            bitmap.Pixels.Count(p => Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) <= 60);
        var blue = new SKColor(0x1f, 0x77, 0xb4);
        var orange = new SKColor(0xff, 0x7f, 0x0e);
        using (var acc = AssertPicture(Path.Combine(folder, "acc.png"), 800, 600))
        {
            Assert.True(Pixels(acc, blue) > 300, $"{Pixels(acc, blue)} blue pixels");
            Assert.True(Pixels(acc, orange) > 300, $"{Pixels(acc, orange)} orange pixels");
        }
        using (var time = AssertPicture(Path.Combine(folder, "time.png"), 800, 600))
        {
            Assert.True(Pixels(time, blue) > 10000, $"{Pixels(time, blue)} blue pixels");
            Assert.True(Pixels(time, orange) > 10000, $"{Pixels(time, orange)} orange pixels");
        }
        using var one = AssertPicture(Path.Combine(folder, "one.png"), 800, 600);
        Assert.True(Pixels(one, blue) > 300);
        Assert.Equal(0, Pixels(one, orange)); // the count tells which models were drawn
    }

    /// <summary>
    /// A History of <paramref name="epochs"/> epochs with smooth made-up curves, as long runs produce, the accuracies
    /// rising by <paramref name="gain"/>.
    /// </summary>
    private static History SyntheticHistory(int epochs, double gain = 0.7)
    {
        var history = new History();
        for (int e = 0; e < epochs; e++)
        {
            double t = (e + 1.0) / epochs;
            history.Record(e, new Dictionary<string, double>
            {
                ["loss"] = 2.3 * Math.Exp(-2 * t), ["acc"] = 0.1 + gain * (1 - Math.Exp(-3 * t)),
                ["val_loss"] = 2.3 * Math.Exp(-1.8 * t), ["val_acc"] = 0.1 + (gain - 0.05) * (1 - Math.Exp(-3 * t)),
            }, 20 + e % 3);
        }
        return history;
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(2, "1 2")]
    [InlineData(15, "1 2 4 6 8 10 12 14")]
    [InlineData(100, "1 10 20 30 40 50 60 70 80 90 100")]
    public void Epoch_axes_label_whole_epochs_numbered_from_1(int epochs, string expected)
    {
        var history = SyntheticHistory(epochs);
        var plots = new[]
        {
            HistoryPlot.Build(history, "acc"), HistoryPlot.Build(history, "loss"),
            ComparisonPlot.BuildMetric(new Dictionary<string, History> { ["4-conv"] = history, ["6-conv"] = SyntheticHistory(epochs) }),
        };
        foreach (var plot in plots)
        {
            plot.GetImage(800, 600).Dispose(); // lays the axes out
            Assert.Equal(expected, string.Join(" ", plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label)));
            Assert.Equal((0.5, epochs + 0.5), (plot.Axes.Bottom.Min, plot.Axes.Bottom.Max));
        }
    }

    [Fact]
    public void The_colour_bar_labels_whole_counts_only()
    {
        var plot = ConfusionMatrixPlot.Build(new long[,] { { 3, 0 }, { 1, 2 } }, new[] { "a", "b" }, "test");
        plot.GetImage(600, 500).Dispose();
        var colourBar = plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single();
        var labels = colourBar.Axis.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.Matches(@"^\d+$", label));
    }

    [Fact]
    public void Figures_are_the_same_under_a_comma_decimal_culture()
    {
        var german = new CultureInfo("de-DE");
        Assert.Equal(",", german.NumberFormat.NumberDecimalSeparator); // ICU's data is there, so the culture really differs
        var history = SyntheticHistory(3);
        var histories = new Dictionary<string, History> { ["4-conv"] = history, ["6-conv"] = SyntheticHistory(3) };
        var matrix = new long[,] { { 5, 1 }, { 2, 7 } };
        var figures = new Dictionary<string, Action<string>>
        {
            ["acc.png"] = path => HistoryPlot.Save(history, "acc", path),
            ["comparison.png"] = path => ComparisonPlot.SaveMetric(histories, path),
            ["time.png"] = path => ComparisonPlot.SaveEpochTimes(histories, path),
            ["cm.png"] = path => ConfusionMatrixPlot.Save(matrix, new[] { "a", "b" }, path),
        };
        string invariant = Folder(), comma = Folder();
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var (file, save) in figures)
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                save(Path.Combine(invariant, file));
                CultureInfo.CurrentCulture = german;
                save(Path.Combine(comma, file));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
        foreach (string file in figures.Keys)
            Assert.True(File.ReadAllBytes(Path.Combine(invariant, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(comma, file))), $"{file} differs under de-DE");
    }

    [Fact]
    public void Bad_plot_inputs_are_explained()
    {
        string folder = Folder();
        var history = TrainedHistory();
        Assert.Contains("It has: loss, acc",
            Assert.Throws<ArgumentException>(() => HistoryPlot.Save(history, "precision", Path.Combine(folder, "p.png"))).Message);
        Assert.Contains(".png or .svg",
            Assert.Throws<ArgumentException>(() => HistoryPlot.Save(history, "acc", Path.Combine(folder, "p.jpg"))).Message);
        Assert.Contains("40 images but 39 labels",
            Assert.Throws<ArgumentException>(() => SampleGridPlot.Save(zeros(40, 8, 8).to(ScalarType.Byte), arange(39) % 10, Keras.Datasets.Cifar10.ClassNames, Path.Combine(folder, "g.png"))).Message);
        Assert.Contains("(N, H, W, 3)",
            Assert.Throws<ArgumentException>(() => SampleGridPlot.Save(zeros(9, 8, 8, 2).to(ScalarType.Byte), arange(9), Keras.Datasets.Cifar10.ClassNames, Path.Combine(folder, "g.png"))).Message);
        Assert.Contains("2 class names",
            Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Save(new long[3, 3], new[] { "a", "b" }, Path.Combine(folder, "c.png"))).Message);
        Assert.Throws<ArgumentException>(() => ComparisonPlot.SaveMetric(new Dictionary<string, History>(), Path.Combine(folder, "c.png")));
    }
}
