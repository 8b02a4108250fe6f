using System.Text.Json;

namespace KerasSharp.Tests.Tutorial;

/// <summary>
/// notebooks/KerasTutorial.ipynb executed headless by Jupyter with the .NET (C#) kernel, as a student would
/// run it. It packs KerasSharp in Release, as ConsumerTests builds it, so both run in the serial collection.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class NotebookTests
{
    private static readonly string Kernel = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter", "kernels", ".net-csharp");

    [SkippableFact]
    public async Task The_notebook_runs_top_to_bottom_with_every_figure_shown()
    {
        string? missing = !File.Exists("/usr/bin/jupyter") ? "/usr/bin/jupyter (apt-get install jupyter-notebook jupyter-nbconvert)"
            : !Directory.Exists(Kernel) ? "the .NET (C#) Jupyter kernel (see README: dotnet interactive jupyter install)" : null;
        if (missing is not null)
        {
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail($"{missing} is missing; .ci/run installs it.");
            Skip.If(true, $"{missing} is missing.");
        }
        string output = Directory.CreateTempSubdirectory("kerassharp-notebook-").FullName;
        var (code, log) = await ProcessRunner.RunAsync("bash", new[] { "notebooks/run.sh", output }, TimeSpan.FromMinutes(10), RepositoryPaths.Root,
            new Dictionary<string, string> { ["TUTORIAL_EPOCHS"] = "1", ["TUTORIAL_LIMIT"] = "300", ["TUTORIAL_DATASET"] = "fashion_mnist" });
        Assert.True(code == 0, log);

        var cells = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "KerasTutorial.ipynb"))).RootElement.GetProperty("cells")
            .EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        string Source(JsonElement cell) => string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
        var outputs = cells.SelectMany(c => c.GetProperty("outputs").EnumerateArray()).ToList();
        Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
        string text = string.Concat(outputs.Where(o => o.TryGetProperty("text", out _)).SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString())));
        Assert.Contains("Total params: 889,834", text);
        Assert.Contains("WEIGHTS(N)", text);
        Assert.Contains("weighted avg", text);

        var plotCells = cells.Where(c => Source(c).Contains("Show(\"")).ToList();
        Assert.True(plotCells.Count >= 7, $"only {plotCells.Count} plot cells");
        foreach (var cell in plotCells)
            Assert.True(cell.GetProperty("outputs").EnumerateArray().Any(o => o.TryGetProperty("data", out var d) && d.TryGetProperty("image/png", out _)),
                $"no image output in the cell: {Source(cell)}");
    }
}
