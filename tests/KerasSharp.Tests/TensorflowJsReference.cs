using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Callbacks;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// TensorFlow.js 4.22 under Node (<c>tests/tfjs/keras.js</c>), the reference Keras of the tests: models go to it through
/// KerasSharp's own TensorFlow.js export, arrays as raw float32 files. Where Node or the npm package is missing, tests
/// report a visible skip locally and fail in CI (<c>tests/run.sh</c> installs both).
/// </summary>
internal static class TensorflowJsReference
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "tfjs");

    public static void Require()
    {
        string? problem = !NodeRuns.Value ? "Node.js (node) is missing."
            : !Directory.Exists(Path.Combine(Folder, "node_modules", "@tensorflow", "tfjs")) ? "tests/tfjs/node_modules lacks @tensorflow/tfjs." : null;
        if (problem is not null) Prerequisite.Missing(problem, "tests/run.sh installs Node.js and the npm package (or: npm install --prefix tests/tfjs).");
    }

    // Asked once per test run: every Run and RunExported requires it, and starting node each time costs a process.
    private static readonly Lazy<bool> NodeRuns = new(() =>
    {
        try
        {
            return ProcessRunner.Run("node", new[] { "--version" }, TimeSpan.FromSeconds(30)).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>How a model is trained in TensorFlow.js: its optimizer (name, lr and the rest), loss and metrics, without shuffling.</summary>
    public sealed record Training(JsonObject Optimizer, string Loss, int BatchSize, int Epochs, string[]? Metrics = null);

    /// <summary>One model to run: predicted on <paramref name="Inputs"/>, or trained on them and <paramref name="Targets"/>.</summary>
    public sealed record Job(string Name, BaseModel Model, Tensor[] Inputs, Tensor[]? Targets = null, Training? Train = null);

    /// <summary>What TensorFlow.js gave: named tensors (the outputs, or the trained weights) and, after training, its History.</summary>
    public sealed record Result(IReadOnlyList<(string Name, Tensor Value)> Tensors, JsonObject? History);

    public static IReadOnlyDictionary<string, Result> Run(params Job[] jobs)
    {
        Require();
        string work = Directory.CreateTempSubdirectory("kerassharp-tfjs-").FullName;
        var specs = new JsonArray();
        foreach (var job in jobs)
        {
            string dir = Path.Combine(work, job.Name);
            job.Model.SaveTensorflowJSFormat(Path.Combine(dir, "model"));
            var spec = new JsonObject
            {
                ["name"] = job.Name,
                ["model"] = Path.Combine(dir, "model"),
                ["inputs"] = Arrays(dir, "x", job.Inputs),
                ["out"] = Path.Combine(dir, "result.f32"),
            };
            if (job.Train is { } t)
            {
                spec["targets"] = Arrays(dir, "y", job.Targets ?? throw new ArgumentException("training needs targets"));
                spec["train"] = new JsonObject
                {
                    ["optimizer"] = t.Optimizer.DeepClone(),
                    ["loss"] = t.Loss,
                    ["batch_size"] = t.BatchSize,
                    ["epochs"] = t.Epochs,
                    ["metrics"] = new JsonArray((t.Metrics ?? Array.Empty<string>()).Select(m => (JsonNode)m).ToArray()),
                };
            }
            specs.Add(spec);
        }
        Execute(work, specs);
        return jobs.ToDictionary(j => j.Name, j => Read(Path.Combine(work, j.Name, "result.f32")));
    }

    /// <summary>TensorFlow.js's outputs for a model exported earlier to <paramref name="modelDir"/> (the first output).</summary>
    public static Tensor RunExported(string modelDir, Tensor[] inputs)
    {
        Require();
        string work = Directory.CreateTempSubdirectory("kerassharp-tfjs-").FullName;
        var spec = new JsonObject { ["name"] = "exported", ["model"] = modelDir, ["inputs"] = Arrays(work, "x", inputs), ["out"] = Path.Combine(work, "result.f32") };
        Execute(work, new JsonArray(spec));
        return Read(Path.Combine(work, "result.f32")).Tensors[0].Value;
    }

    private static void Execute(string work, JsonArray specs)
    {
        string jobFile = Path.Combine(work, "jobs.json");
        File.WriteAllText(jobFile, new JsonObject { ["jobs"] = specs }.ToJsonString());
        var (code, output) = ProcessRunner.Run("node", new[] { Path.Combine(Folder, "keras.js"), jobFile }, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"TensorFlow.js failed:\n{output}");
    }

    private static JsonArray Arrays(string dir, string prefix, Tensor[] arrays)
    {
        Directory.CreateDirectory(dir);
        var list = new JsonArray();
        for (int i = 0; i < arrays.Length; i++)
        {
            string file = Path.Combine(dir, $"{prefix}{i}.f32");
            using var values = arrays[i].to_type(ScalarType.Float32).cpu().contiguous();
            File.WriteAllBytes(file, MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()).ToArray());
            list.Add(new JsonObject { ["file"] = file, ["shape"] = new JsonArray(arrays[i].shape.Select(d => (JsonNode)d).ToArray()) });
        }
        return list;
    }

    private static Result Read(string file)
    {
        var meta = JsonNode.Parse(File.ReadAllText(file + ".json"))!.AsObject();
        var values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
        var names = meta["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var shapes = meta["shapes"]!.AsArray().Select(s => s!.AsArray().Select(d => d!.GetValue<long>()).ToArray()).ToList();
        var tensors = new List<(string, Tensor)>();
        long at = 0;
        for (int i = 0; i < names.Count; i++)
        {
            long size = shapes[i].Aggregate(1L, (a, b) => a * b);
            tensors.Add((names[i], tensor(values.AsSpan((int)at, (int)size).ToArray(), shapes[i])));
            at += size;
        }
        return new Result(tensors, meta["history"] as JsonObject);
    }

    /// <summary>
    /// After the same training from the same weights on the same batches: every weight within 1e-5 of TensorFlow.js's,
    /// and each of the <paramref name="epochs"/> epochs' loss and accuracy the same to 5 decimals; the loss fell.
    /// </summary>
    public static void AssertTrainedAlike(string label, Result reference, BaseModel model, History history, int epochs)
    {
        var weights = model.Weights.ToDictionary(w => w.Name[..^2], w => w.Get());
        foreach (var (name, value) in reference.Tensors)
            Assert.True(Difference(value, weights[name]) < 1e-5, $"{label}: {name} differs from TensorFlow.js's by {Difference(value, weights[name]):G3}");
        double[] Epochs(string key) => reference.History![key]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var (losses, accuracies) = (Epochs("loss"), Epochs("acc"));
        for (int e = 0; e < epochs; e++)
        {
            Assert.Equal(losses[e], history.HistoryLogs["loss"][e], 5);
            Assert.Equal(accuracies[e], history.HistoryLogs["acc"][e], 5);
        }
        Assert.True(losses[^1] < losses[0], "training lowered the loss");
    }

    /// <summary>The largest difference between two arrays relative to max(1, |expected|): 0 when equal.</summary>
    public static double Difference(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.to_type(ScalarType.Float64).cpu();
        using var a = actual.to_type(ScalarType.Float64).cpu();
        using var scale = e.abs().clamp_min(1);
        return ((a - e).abs() / scale).max().item<double>();
    }
}
