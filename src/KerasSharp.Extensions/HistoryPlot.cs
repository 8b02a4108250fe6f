using Keras.Callbacks;
using ScottPlot;

namespace KerasSharp.Extensions;

/// <summary>The tutorial's training curves: one metric per figure, training in red and validation in green.</summary>
public static class HistoryPlot
{
    /// <summary>
    /// Plots <c>history[metric]</c> and <c>history["val_" + metric]</c> against the epoch, with x ticks
    /// every 2 epochs. <paramref name="metric"/> is "acc" (or "accuracy") or "loss".
    /// </summary>
    public static void Save(History history, string metric, string path, int width = 800, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(history);
        var h = history.history;
        if (!h.TryGetValue(metric, out var train))
            throw new ArgumentException($"The History has no '{metric}'. It has: {string.Join(", ", h.Keys)}.");
        bool isLoss = metric == "loss";
        string label = isLoss ? "Loss" : "Accuracy";
        var plot = PlotFile.NewPlot();
        double[] epochs = Enumerable.Range(0, train.Count).Select(i => (double)i).ToArray();
        var trainLine = plot.Add.Scatter(epochs, train.ToArray(), Colors.Red);
        trainLine.LegendText = "train";
        trainLine.LineWidth = 2;
        trainLine.MarkerSize = train.Count == 1 ? 6 : 0;
        if (h.TryGetValue("val_" + metric, out var validation))
        {
            var validationLine = plot.Add.Scatter(epochs[..validation.Count], validation.ToArray(), Colors.Green);
            validationLine.LegendText = "validation";
            validationLine.LineWidth = 2;
            validationLine.MarkerSize = validation.Count == 1 ? 6 : 0;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = 0; e < Math.Max(train.Count, 2); e += 2) ticks.AddMajor(e, e.ToString());
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title($"Training {label} vs Validation {label}");
        plot.XLabel("Num of Epochs");
        plot.YLabel(label);
        plot.ShowLegend(isLoss ? Alignment.UpperRight : Alignment.LowerRight);
        PlotFile.Save(plot, path, width, height);
    }
}
