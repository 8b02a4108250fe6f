using System.Globalization;
using Keras.Callbacks;
using ScottPlot;

namespace KerasSharp.Extensions;

/// <summary>Figures that compare several trained models: a metric per epoch, and time per epoch.</summary>
public static class ComparisonPlot
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>One line per model of <paramref name="metric"/> (validation accuracy by default) against the epoch.</summary>
    /// <param name="histories">Each model's History, by the name its line gets in the legend.</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="metric">The History key to plot; validation accuracy by default.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SaveMetric(IReadOnlyDictionary<string, History> histories, string path, string metric = "val_acc", int width = 800, int height = 600) =>
        PlotFile.Save(BuildMetric(histories, metric), path, width, height);

    internal static Plot BuildMetric(IReadOnlyDictionary<string, History> histories, string metric = "val_acc")
    {
        Check(histories);
        var plot = PlotFile.NewPlot();
        int i = 0, epochs = 0;
        foreach (var (name, history) in histories)
        {
            if (!history.history.TryGetValue(metric, out var values))
                throw new ArgumentException($"The History of '{name}' has no '{metric}'. It has: {string.Join(", ", history.history.Keys)}.");
            var line = plot.Add.Scatter(EpochAxis.Positions(values.Count), values.ToArray(), Palette.GetColor(i++));
            epochs = Math.Max(epochs, values.Count);
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = EpochAxis.MarkerSize(values.Count);
        }
        EpochAxis.Apply(plot, epochs);
        bool validation = metric.StartsWith("val_", StringComparison.Ordinal);
        string measure = validation ? metric[4..] : metric;
        string label = (validation ? "validation " : "") + (measure is "acc" or "accuracy" ? "accuracy" : measure);
        plot.Title($"Comparison: {label} per epoch");
        plot.YLabel(char.ToUpperInvariant(label[0]) + label[1..]);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>One bar per model: mean wall time of an epoch in seconds, labelled with its value.</summary>
    /// <param name="histories">Each model's History, by the name its bar gets.</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SaveEpochTimes(IReadOnlyDictionary<string, History> histories, string path, int width = 800, int height = 600)
    {
        Check(histories);
        var plot = PlotFile.NewPlot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int i = 0;
        foreach (var (name, history) in histories)
        {
            if (history.EpochTimes.Count == 0) throw new ArgumentException($"The History of '{name}' has no epochs.");
            double mean = history.EpochTimes.Average();
            var bar = new Bar { Position = i, Value = mean, FillColor = Palette.GetColor(i), Label = mean.ToString("G3", CultureInfo.InvariantCulture) + " s" };
            var bars = plot.Add.Bars(new[] { bar });
            bars.ValueLabelStyle.FontSize = 14;
            ticks.AddMajor(i, name);
            i++;
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Margins(bottom: 0);
        plot.Title("Comparison: mean time per epoch");
        plot.YLabel("Seconds per epoch");
        PlotFile.Save(plot, path, width, height);
    }

    private static void Check(IReadOnlyDictionary<string, History> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0) throw new ArgumentException("Give at least one named History to compare.");
    }
}
