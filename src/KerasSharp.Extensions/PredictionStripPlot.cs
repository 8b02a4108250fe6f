using ScottPlot;
using static TorchSharp.torch;

namespace KerasSharp.Extensions;

/// <summary>
/// A row of pictures as the network saw them (at its input size, drawn with sharp pixels), each captioned with its
/// file name and the network's top class and probability.
/// </summary>
public static class PredictionStripPlot
{
    /// <summary>Saves the strip to a PNG or SVG file.</summary>
    /// <param name="images">The network's inputs: float (H, W, C) tensors in [0, 1], C = 1 or 3, all the same size.</param>
    /// <param name="captions">One caption per picture; a line break splits it into lines.</param>
    /// <param name="path">The file to write; .png or .svg.</param>
    /// <param name="cellSize">Pixels per picture in the file.</param>
    public static void Save(IReadOnlyList<Tensor> images, IReadOnlyList<string> captions, string path, int cellSize = 160)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Count == 0 || images.Count != captions.Count)
            throw new ArgumentException($"The strip needs one caption per picture and at least one picture; got {images.Count} pictures and {captions.Count} captions.");
        int h = (int)images[0].shape[0], w = (int)images[0].shape[1];
        var plot = PlotFile.NewPlot();
        double gap = 0.2 * w;
        for (int i = 0; i < images.Count; i++)
        {
            if (images[i].dim() != 3 || images[i].shape[0] != h || images[i].shape[1] != w || images[i].shape[2] is not (1 or 3))
                throw new ArgumentException($"Picture {i} has shape ({string.Join(", ", images[i].shape)}); all must be ({h}, {w}, 1 or 3).");
            using var pixels = (images[i] * 255).clamp(0, 255).round().to(ScalarType.Byte).cpu();
            double left = i * (w + gap);
            var image = plot.Add.ImageRect(new Image(PlotFile.ToRgb(pixels, h, w)), new CoordinateRect(left, left + w, 0, h));
            image.AntiAlias = false;
            var caption = plot.Add.Text(captions[i], left + w / 2.0, -gap / 4);
            caption.Alignment = Alignment.UpperCenter;
            caption.LabelFontSize = 13;
        }
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-gap, images.Count * (w + gap), -0.7 * h, h + gap);
        PlotFile.Save(plot, path, images.Count * cellSize, (int)(cellSize * 1.6));
    }
}
