using System.Text.RegularExpressions;
using SkiaSharp;

namespace KerasSharp.Tests.Tutorial;

/// <summary>report.html opened by a real browser: Debian's headless Chromium.</summary>
[Collection(ProcessStateCollection.Name)]
public class ReportInBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string Browse(string userData, params string[] args)
    {
        string[] flags = { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={userData}" };
        var (code, output) = ProcessRunner.Run(Chromium, flags.Concat(args), TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        return output;
    }

    [SkippableFact]
    public void The_report_renders_with_every_image_loaded()
    {
        if (!File.Exists(Chromium)) Prerequisite.Missing($"{Chromium} is missing.", "tests/run.sh installs Debian's (apt-get install chromium).");
        DatasetFixtures.RequireFashionMnist();
        string output = Directory.CreateTempSubdirectory("kerassharp-report-").FullName;
        var (code, text) = TutorialRunner.Run("--dataset", "fashion_mnist", "--limit", "100", "--epochs", "1", "--model", "4", "--output", output,
            "--data-dir", Directory.CreateTempSubdirectory().FullName);
        Assert.True(code == 0, text);
        string url = new Uri(Path.Combine(output, "report.html")).AbsoluteUri;

        string dom = Browse(Directory.CreateTempSubdirectory().FullName, "--virtual-time-budget=10000", "--dump-dom", url);
        int images = Regex.Matches(dom, "<img ").Count;
        Assert.True(images >= 4, $"only {images} images in the report");
        Assert.Equal(images, Regex.Matches(dom, "data-loaded=\"true\"").Count);
        Assert.DoesNotContain("<p class=\"broken\"", dom);
        Assert.Contains("data-ready=\"true\"", dom);

        // The check can fail: a copy whose first image holds no PNG shows it as broken.
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        int data = html.IndexOf("base64,", StringComparison.Ordinal) + "base64,".Length;
        File.WriteAllText(Path.Combine(output, "damaged.html"), html[..data] + "AAAA" + html[(data + 4)..]);
        string damaged = Browse(Directory.CreateTempSubdirectory().FullName, "--virtual-time-budget=10000", "--dump-dom",
            new Uri(Path.Combine(output, "damaged.html")).AbsoluteUri);
        Assert.Contains("data-loaded=\"false\"", damaged);
        Assert.Contains("<p class=\"broken\"", damaged);

        string shot = Path.Combine(output, "screenshot.png");
        Browse(Directory.CreateTempSubdirectory().FullName, "--window-size=1200,2000", $"--screenshot={shot}", url);
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(1200, bitmap.Width);
        var colors = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 4)
            for (int x = 0; x < bitmap.Width; x += 4)
                colors.Add(bitmap.GetPixel(x, y));
        Assert.True(colors.Count > 50, $"the screenshot looks blank ({colors.Count} colours)");
    }
}
