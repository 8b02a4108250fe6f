using System.Globalization;
using ScottPlot;

namespace KerasSharp.Extensions;

/// <summary>A confusion matrix as a heatmap: counts written in each cell, class names on both axes, a colour bar.</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Saves the heatmap of a confusion matrix, as the tutorial's seaborn heatmap, to a PNG or SVG file.</summary>
    /// <param name="matrix">Counts, rows the true classes and columns the predicted ones (<c>ClassificationMetrics.ConfusionMatrix</c>).</param>
    /// <param name="classNames">One name per class, for both axes.</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="title">The figure's title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(long[,] matrix, IReadOnlyList<string> classNames, string path, string title = "Confusion matrix", int width = 900, int height = 800) =>
        PlotFile.Save(Build(matrix, classNames, title), path, width, height);

    /// <summary>The figure, with cell (r, c) centred at x = c, y = n - 1 - r.</summary>
    internal static Plot Build(long[,] matrix, IReadOnlyList<string> classNames, string title)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (n == 0 || matrix.GetLength(1) != n) throw new ArgumentException($"A confusion matrix must be square and not empty; got {n}x{matrix.GetLength(1)}.");
        if (classNames.Count != n) throw new ArgumentException($"{classNames.Count} class names were given for a {n}x{n} matrix.");

        var plot = PlotFile.NewPlot();
        var intensities = new double[n, n];
        long max = 1;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                intensities[r, c] = matrix[r, c];
                max = Math.Max(max, matrix[r, c]);
            }
        var heatmap = plot.Add.Heatmap(intensities);
        // Reversed so that large counts are dark blue on a white background, as in matplotlib's Blues.
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        heatmap.Smooth = false;
        // Unit cells centred on integer coordinates; row r is drawn at y = n - 1 - r so that the first
        // true class is at the top, as in a printed matrix.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        // Counts are whole numbers, so the colour bar labels only integers.
        plot.Add.ColorBar(heatmap).Axis.TickGenerator = PlotFile.NumericTicks(integersOnly: true);

        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                var text = plot.Add.Text(matrix[r, c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 12 ? 10 : 14;
                // White text on dark cells, black on light ones, so every count stays readable.
                var cell = heatmap.Colormap.GetColor(matrix[r, c] / (double)max);
                text.LabelFontColor = cell.Luminance < 0.5 ? Colors.White : Colors.Black;
            }

        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < n; i++)
        {
            bottom.AddMajor(i, classNames[i]);
            left.AddMajor(n - 1 - i, classNames[i]);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        // As matplotlib's rotation=45, ha='right': each name ends just below its tick mark, so none touches it.
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 4;
        // Room for the rotated class names below the axis.
        plot.Axes.Bottom.MinimumSize = 30 + 5 * classNames.Max(name => name.Length);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel("Predicted label");
        plot.YLabel("True label");
        return plot;
    }
}
