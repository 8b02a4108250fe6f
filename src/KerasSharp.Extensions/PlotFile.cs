using System.Globalization;
using ScottPlot;
using static TorchSharp.torch;

namespace KerasSharp.Extensions;

/// <summary>Common look and saving for the tutorial's figures: PNG or SVG chosen by the file extension.</summary>
internal static class PlotFile
{
    /// <summary>A sans-serif font that Debian and Ubuntu install with fontconfig; ScottPlot falls back if absent.</summary>
    public const string Font = "DejaVu Sans";

    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Axes.Left.TickGenerator = NumericTicks();
        plot.Axes.Bottom.TickGenerator = NumericTicks();
        return plot;
    }

    /// <summary>
    /// Automatic numeric ticks labelled as Python prints numbers ("0.5" under every culture; ScottPlot's own
    /// labels follow the current culture, "0,5" in German).
    /// </summary>
    public static ScottPlot.TickGenerators.NumericAutomatic NumericTicks(bool integersOnly = false) => new()
    {
        IntegerTicksOnly = integersOnly,
        LabelFormatter = value => Math.Round(value, 10).ToString("G", CultureInfo.InvariantCulture),
    };

    public static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width <= 0 || height <= 0) throw new ArgumentException($"Figure size must be positive; got {width}x{height}.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png": plot.SavePng(path, width, height); break;
            case ".svg": plot.SaveSvg(path, width, height); break;
            default: throw new ArgumentException($"Save figures as .png or .svg; got '{path}'.");
        }
    }

    /// <summary>A uint8 (H, W), (H, W, 1) or (H, W, 3) image as ScottPlot's RGB array; grey becomes equal R, G and B.</summary>
    public static byte[,,] ToRgb(Tensor image, int h, int w)
    {
        var data = image.contiguous().data<byte>().ToArray();
        int channels = data.Length / (h * w);
        var rgb = new byte[h, w, 3];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
                for (int k = 0; k < 3; k++)
                    rgb[r, c, k] = data[(r * w + c) * channels + (channels == 3 ? k : 0)];
        return rgb;
    }
}
