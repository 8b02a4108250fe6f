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

    private static void RequireJupyter()
    {
        string? missing = !File.Exists("/usr/bin/jupyter") ? "/usr/bin/jupyter (apt-get install jupyter-notebook jupyter-nbconvert)"
            : !Directory.Exists(Kernel) ? "the .NET (C#) Jupyter kernel (see docs/notebook.md: dotnet interactive jupyter install)" : null;
        if (missing is not null) Prerequisite.Missing($"{missing} is missing.", "tests/run.sh installs it.");
    }

    private static List<JsonElement> CodeCells(string notebook) =>
        JsonDocument.Parse(File.ReadAllText(notebook)).RootElement.GetProperty("cells")
            .EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();

    private static string Source(JsonElement cell) => string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));

    private static string Text(IEnumerable<JsonElement> cells) =>
        string.Concat(cells.SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .Where(o => o.TryGetProperty("text", out _)).SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString())));

    /// <summary>
    /// The whole notebook, with another libtorch first on LD_LIBRARY_PATH (<see cref="ForeignLibTorch"/>): the
    /// kernel must load KerasSharp's own libtorch, and the notebook must show what the console app shows.
    /// </summary>
    [SkippableFact]
    public async Task The_notebook_runs_top_to_bottom_with_every_figure_shown()
    {
        RequireJupyter();
        DatasetFixtures.RequireFashionMnist();
        var environment = ForeignLibTorch.OnLibraryPath();
        environment["TUTORIAL_EPOCHS"] = "1";
        environment["TUTORIAL_LIMIT"] = "300";
        string output = Directory.CreateTempSubdirectory("kerassharp-notebook-").FullName;
        var (code, log) = await ProcessRunner.RunAsync("bash", new[] { "notebooks/run.sh", output }, TimeSpan.FromMinutes(10), RepositoryPaths.Root, environment);
        Assert.True(code == 0, log);
        Assert.DoesNotContain("MissingIDFieldWarning", log);
        Assert.Contains("dataset fashion_mnist", log); // the default, quick and offline

        var cells = CodeCells(Path.Combine(output, "KerasTutorial.ipynb"));
        var outputs = cells.SelectMany(c => c.GetProperty("outputs").EnumerateArray()).ToList();
        Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
        string text = Text(cells);
        Assert.Contains("Total params: 889,834", text);
        Assert.Contains("Total params: 1,477,354", text);
        Assert.Contains("WEIGHTS(N)", text);
        Assert.Matches(@"4-conv Accuracy: \d+\.\d\d%", text);
        Assert.Matches(@"6-conv Accuracy: \d+\.\d\d%", text);
        Assert.Equal(2, text.Split("weighted avg").Length - 1); // both networks' classification reports
        Assert.Equal(2, text.Split("row sums: [").Length - 1);
        Assert.Contains("best val_acc", text);

        var plotCells = cells.Where(c => Source(c).Contains("Show(\"")).ToList();
        foreach (string figure in new[] { "samples", "conv4_accuracy", "conv4_loss", "conv6_accuracy", "conv6_loss", "conv4_confusion", "conv6_confusion", "comparison_accuracy", "comparison_time" })
            Assert.Contains(plotCells, c => Source(c).Contains($"figures/{figure}.png"));
        foreach (var cell in plotCells)
            Assert.True(cell.GetProperty("outputs").EnumerateArray().Any(o => o.TryGetProperty("data", out var d) && d.TryGetProperty("image/png", out _)),
                $"no image output in the cell: {Source(cell)}");
    }

    [Fact]
    public void Every_cell_has_a_unique_id_as_nbformat_4_5_requires()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "notebooks", "KerasTutorial.ipynb"))).RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.True(root.GetProperty("nbformat_minor").GetInt32() >= 5);
        var ids = root.GetProperty("cells").EnumerateArray().Select(c => c.TryGetProperty("id", out var id) ? id.GetString() : null).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>
    /// notebooks/pack.sh in a home of its own: a second run packs nothing and changes no file, and --uninstall
    /// leaves the user's NuGet configuration byte for byte as it was.
    /// </summary>
    [Fact]
    public async Task Packing_again_changes_nothing_and_uninstall_restores_the_nuget_configuration()
    {
        string home = Directory.CreateTempSubdirectory("kerassharp-packhome-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home, ["XDG_DATA_HOME"] = Path.Combine(home, "data"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
            // The packages TorchSharp needs are restored already; the new home need not fetch them again.
            ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        string config = Path.Combine(home, ".nuget", "NuGet", "NuGet.Config");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        const string original = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
                                "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" protocolVersion=\"3\" />\n  </packageSources>\n</configuration>\n";
        File.WriteAllText(config, original);
        string feed = Path.Combine(home, "data", "kerassharp", "feed");
        async Task<string> Pack(params string[] args)
        {
            var (code, log) = await ProcessRunner.RunAsync("bash", new[] { "notebooks/pack.sh" }.Concat(args), TimeSpan.FromMinutes(5), RepositoryPaths.Root, environment);
            Assert.True(code == 0, log);
            return log;
        }

        string first = await Pack();
        Assert.Contains("packed KerasSharp 0.1.0-local.h", first);
        Assert.Contains($"registered the NuGet source KerasSharpLocal -> {feed}", first);
        string registered = File.ReadAllText(config);
        Assert.Contains(feed, registered);
        var packages = Directory.GetFiles(feed).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(2, packages.Count);

        string second = await Pack();
        Assert.Contains("is already in", second);
        Assert.DoesNotContain("registered", second);
        Assert.Equal(registered, File.ReadAllText(config));
        Assert.Equal(packages, Directory.GetFiles(feed).Select(Path.GetFileName).Order().ToList());

        string removed = await Pack("--uninstall");
        Assert.Contains("removed the NuGet source KerasSharpLocal", removed);
        Assert.Equal(original, File.ReadAllText(config));
        Assert.False(Directory.Exists(feed));
    }

    /// <summary>Inside the kernel process, which libtorch files are mapped (/proc/self/maps), beside a foreign libtorch.</summary>
    [SkippableFact]
    public async Task The_kernel_maps_only_kerassharps_own_libtorch()
    {
        RequireJupyter();
        var environment = ForeignLibTorch.OnLibraryPath();
        environment["PATH"] = $"{Environment.GetEnvironmentVariable("PATH")}:{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools")}";
        var (packed, packLog) = await ProcessRunner.RunAsync("bash", new[] { "notebooks/pack.sh" }, TimeSpan.FromMinutes(5), RepositoryPaths.Root);
        Assert.True(packed == 0, packLog);

        string folder = Directory.CreateTempSubdirectory("kerassharp-probe-").FullName;
        object Cell(string id, string source) => new Dictionary<string, object?>
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = id, ["metadata"] = new Dictionary<string, object>(), ["outputs"] = Array.Empty<object>(), ["source"] = source,
        };
        var probe = new Dictionary<string, object>
        {
            ["cells"] = new[]
            {
                Cell("load", "#r \"nuget: KerasSharp, *-*\""),
                Cell("probe", "Keras.Utils.Util.SetRandomSeed(1);\nvar product = TorchSharp.torch.ones(2, 2).matmul(TorchSharp.torch.ones(2, 2));\n" +
                              "Console.WriteLine($\"libtorch folder: {Keras.Native.TorchSharpNativeLoader.LibTorchFolderInUse}\");\n" +
                              "foreach (var file in Keras.Native.TorchSharpNativeLoader.MappedLibTorchFiles()) Console.WriteLine($\"mapped: {file}\");"),
            },
            ["metadata"] = new Dictionary<string, object> { ["kernelspec"] = new Dictionary<string, string> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        string notebook = Path.Combine(folder, "probe.ipynb");
        File.WriteAllText(notebook, JsonSerializer.Serialize(probe));
        var (code, log) = await ProcessRunner.RunAsync("/usr/bin/jupyter", new[] { "nbconvert", "--to", "notebook", "--execute", "--inplace", notebook },
            TimeSpan.FromMinutes(5), folder, environment);
        Assert.True(code == 0, log);
        ForeignLibTorch.AssertOnlyOwnLibTorchMapped(Text(CodeCells(notebook)));
    }
}
