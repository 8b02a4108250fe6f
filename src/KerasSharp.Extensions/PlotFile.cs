using ScottPlot;

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
        return plot;
    }

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
}
