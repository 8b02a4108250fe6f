using Keras.Callbacks;
using ScottPlot;

namespace KerasSharp.Extensions;

/// <summary>The tutorial's training curves: one metric per figure, training in red and validation in green.</summary>
public static class HistoryPlot
{
    /// <summary>
    /// Plots <c>history[metric]</c> and <c>history["val_" + metric]</c> against the epoch (numbered from 1,
    /// as the progress bar's "Epoch 1/N"). <paramref name="metric"/> is "acc" (or "accuracy") or "loss".
    /// </summary>
    /// <param name="history">What Fit returned.</param>
    /// <param name="metric"><c>acc</c> (or <c>accuracy</c>) or <c>loss</c>.</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(History history, string metric, string path, int width = 800, int height = 600) =>
        PlotFile.Save(Build(history, metric), path, width, height);

    internal static Plot Build(History history, string metric)
    {
        ArgumentNullException.ThrowIfNull(history);
        var h = history.history;
        if (!h.TryGetValue(metric, out var train))
            throw new ArgumentException($"The History has no '{metric}'. It has: {string.Join(", ", h.Keys)}.");
        bool isLoss = metric == "loss";
        string label = isLoss ? "Loss" : "Accuracy";
        var plot = PlotFile.NewPlot();
        double[] epochs = EpochAxis.Positions(train.Count);
        var trainLine = plot.Add.Scatter(epochs, train.ToArray(), Colors.Red);
        trainLine.LegendText = "train";
        trainLine.LineWidth = 2;
        trainLine.MarkerSize = EpochAxis.MarkerSize(train.Count);
        if (h.TryGetValue("val_" + metric, out var validation))
        {
            var validationLine = plot.Add.Scatter(epochs[..validation.Count], validation.ToArray(), Colors.Green);
            validationLine.LegendText = "validation";
            validationLine.LineWidth = 2;
            validationLine.MarkerSize = EpochAxis.MarkerSize(validation.Count);
        }
        EpochAxis.Apply(plot, train.Count);
        plot.Title($"Training {label} vs Validation {label}");
        plot.YLabel(label);
        plot.ShowLegend(isLoss ? Alignment.UpperRight : Alignment.LowerRight);
        return plot;
    }
}
