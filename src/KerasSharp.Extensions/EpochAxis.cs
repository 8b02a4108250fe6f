using System.Globalization;
using ScottPlot;

namespace KerasSharp.Extensions;

/// <summary>
/// The x axis of per-epoch figures. Epochs are numbered from 1, as Keras's progress bar prints
/// "Epoch 1/100", and only whole epochs are labelled: every epoch up to 10, then a round step that keeps
/// about ten labels, so that 100 epochs never crowd the axis.
/// </summary>
internal static class EpochAxis
{
    private static readonly int[] Steps = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000 };

    /// <summary>The x position of each of <paramref name="count"/> epochs: 1, 2, ..., count.</summary>
    public static double[] Positions(int count) => Enumerable.Range(1, count).Select(e => (double)e).ToArray();

    /// <summary>Markers on each epoch's value while there are few epochs (one epoch would show no line at all).</summary>
    public static float MarkerSize(int epochs) => epochs <= 20 ? 5 : 0;

    public static void Apply(Plot plot, int epochs)
    {
        int step = Steps.FirstOrDefault(s => epochs / s <= 10, Math.Max(1, epochs / 10));
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        // Epoch 1 is always labelled, so the start of training is marked whatever the step.
        if (step > 1) ticks.AddMajor(1, "1");
        for (int e = step; e <= epochs; e += step) ticks.AddMajor(e, e.ToString(CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0.5, epochs + 0.5);
        plot.XLabel("Num of Epochs"); // the tutorial's matplotlib label
    }
}
