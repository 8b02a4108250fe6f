using Numpy;
using ScottPlot;
using static TorchSharp.torch;

namespace KerasSharp.Extensions;

/// <summary>
/// The tutorial's first figure: one random image of each class in a 2 x 5 grid, titled with the class name;
/// a class without any image (in a small subset) gets an empty cell titled "(none)".
/// </summary>
public static class SampleGridPlot
{
    /// <summary>Saves the grid of one random image per class to a PNG or SVG file.</summary>
    /// <param name="x">Images, uint8 (N, H, W, 3) RGB or (N, H, W) / (N, H, W, 1) greyscale.</param>
    /// <param name="y">Class labels (N) or (N, 1).</param>
    /// <param name="classNames">One name per class; the grid has 2 rows of ceil(classes / 2).</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(Tensor x, Tensor y, IReadOnlyList<string> classNames, string path, int width = 1000, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() is < 3 or > 4 || (x.dim() == 4 && x.shape[3] is not (1 or 3)))
            throw new ArgumentException($"Images must be (N, H, W), (N, H, W, 1) or (N, H, W, 3); got ({string.Join(", ", x.shape)}).");
        using var labels = y.reshape(-1).to(ScalarType.Int64).cpu();
        if (labels.shape[0] != x.shape[0])
            throw new ArgumentException($"{x.shape[0]} images but {labels.shape[0]} labels.");
        if (x.shape[0] == 0) throw new ArgumentException("There are no images to show.");
        int classes = classNames.Count;
        int columns = (classes + 1) / 2;
        int h = (int)x.shape[1], w = (int)x.shape[2];
        using var pixels = (x.is_floating_point() ? (x * 255).clamp(0, 255) : x).to(ScalarType.Byte).cpu();

        var plot = PlotFile.NewPlot();
        double gap = 0.25 * w;
        for (int c = 0; c < classes; c++)
        {
            var indices = np.where(labels.eq(c))[0];
            double left = c % columns * (w + gap), top = (1 - c / columns) * (h + 2 * gap);
            // A small subset may lack a class: its cell stays empty and says so.
            bool present = indices.shape[0] > 0;
            if (present)
            {
                long index = indices[np.random.randint(0, indices.shape[0]).asscalar<int>()].asscalar<long>();
                var image = plot.Add.ImageRect(new Image(PlotFile.ToRgb(pixels[index], h, w)), new CoordinateRect(left, left + w, top, top + h));
                image.AntiAlias = false; // sharp pixels, as matplotlib's 'nearest'
            }
            var title = plot.Add.Text(present ? classNames[c] : $"{classNames[c]} (none)", left + w / 2.0, top + h + gap / 3);
            title.Alignment = Alignment.LowerCenter;
            title.LabelFontSize = 16;
        }
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-gap, columns * (w + gap), -gap, 2 * (h + 2 * gap));
        PlotFile.Save(plot, path, width, height);
    }
}
