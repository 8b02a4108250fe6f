using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Callbacks;
using Keras.Models;
using Keras.Utils;

namespace KerasSharp.Tutorial;

/// <summary>
/// What training leaves in --output for a network, read back by a run that starts at a later step: the Keras model
/// file (<c>conv4.h5</c>) and the History (<c>conv4_history.json</c>, which also records the data it was trained on, so
/// that a network trained on other data is refused rather than analysed on the wrong images).
/// </summary>
internal static class SavedNetwork
{
    /// <summary>Writes a History as CSV (one row per epoch) and as JSON with the run's data settings, '.' decimals under every culture.</summary>
    public static void SaveHistory(History history, string basePath, TutorialOptions options)
    {
        var keys = history.history.Keys.ToList();
        var csv = new List<string> { string.Join(",", new[] { "epoch" }.Concat(keys).Append("seconds")) };
        for (int i = 0; i < history.epoch.Count; i++)
            csv.Add(string.Join(",", new[] { (history.epoch[i] + 1).ToString(CultureInfo.InvariantCulture) }
                .Concat(keys.Select(k => i < history.history[k].Count ? history.history[k][i].ToString("R", CultureInfo.InvariantCulture) : ""))
                .Append(history.EpochTimes[i].ToString("F3", CultureInfo.InvariantCulture))));
        AtomicFile.WriteAllText(basePath + ".csv", string.Join("\n", csv) + "\n");
        var json = new Dictionary<string, object?>
        {
            ["epoch"] = history.epoch,
            ["history"] = history.history.ToDictionary(kv => kv.Key, kv => kv.Value),
            ["epoch_seconds"] = history.EpochTimes,
            ["run"] = new Dictionary<string, object?>
            {
                ["dataset"] = options.Dataset, ["limit"] = options.Limit, ["epochs"] = options.Epochs, ["batch_size"] = options.BatchSize,
                ["seed"] = options.Seed, ["lr"] = options.EffectiveLearningRate, ["augment"] = options.Augment, ["precision"] = options.Precision,
            },
        };
        AtomicFile.WriteAllText(basePath + ".json", PythonJson.Serialize(json));
    }

    /// <summary>
    /// The trained network and its History from --output, checked against this run's dataset and --limit. Anything
    /// missing or mismatched is one error that names the file and the command that makes it.
    /// </summary>
    public static (BaseModel Model, History History) Load(TutorialContext ctx, string name)
    {
        var options = ctx.Options;
        string file = TutorialNetworks.FileName(name);
        string model = ctx.OutputPath($"{file}.h5"), historyPath = ctx.OutputPath($"{file}_history.json");
        foreach (string needed in new[] { model, historyPath })
            if (!File.Exists(needed))
                throw new FileNotFoundException($"--from-step {options.FromStep} needs the trained {name} network, but {needed} is missing. " +
                                                $"Train it first: {TrainCommand(options, name)}" + (options.Model == "both" ? " (or choose the other network with --model)." : "."));
        var json = PythonJson.Parse(File.ReadAllText(historyPath)) as JsonObject ?? throw new InvalidDataException($"{historyPath} is not a History saved by the tutorial.");
        var run = json["run"] as JsonObject;
        string? dataset = run?["dataset"]?.GetValue<string>();
        int? limit = run?["limit"]?.GetValue<int?>();
        if (run is null || dataset != options.Dataset || limit != options.Limit)
            throw new InvalidDataException($"{model} was trained on {(run is null ? "data the history does not record" : Data(dataset, limit))}, " +
                                           $"but this run uses {Data(options.Dataset, options.Limit)}. Train it for this data: {TrainCommand(options, name)}" +
                                           (run is null ? "." : $", or run with --dataset {dataset}{(limit is null ? "" : $" --limit {limit}")}."));
        var history = History.Restore(
            json["epoch"]!.AsArray().Select(e => e!.GetValue<int>()).ToList(),
            json["history"]!.AsObject().ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value!.AsArray().Select(PythonJson.ToDouble).ToList()),
            json["epoch_seconds"]!.AsArray().Select(PythonJson.ToDouble).ToList());
        return (BaseModel.LoadModel(model), history);
    }

    private static string Data(string? dataset, int? limit) => $"{dataset}{(limit is null ? " (all images)" : $" with --limit {limit}")}";

    /// <summary>The command that trains and saves <paramref name="name"/> for these options' data.</summary>
    public static string TrainCommand(TutorialOptions options, string name)
    {
        var args = new List<string> { "--step", "5", "--model", name[..1], "--dataset", options.Dataset };
        if (options.Limit is int limit) args.AddRange(new[] { "--limit", limit.ToString(CultureInfo.InvariantCulture) });
        args.AddRange(new[] { "--epochs", options.Epochs.ToString(CultureInfo.InvariantCulture), "--output", options.Output });
        if (options.LearningRate is double lr) args.AddRange(new[] { "--lr", lr.ToString("R", CultureInfo.InvariantCulture) });
        return $"dotnet run --project src/KerasSharp.Tutorial -c Release -- {string.Join(" ", args)}";
    }
}
