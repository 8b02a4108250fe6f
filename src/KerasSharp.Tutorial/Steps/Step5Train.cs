using System.Globalization;
using System.Text.Json;
using Keras;
using Keras.Callbacks;
using Keras.Constraints;
using Keras.Layers;
using Keras.Models;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 5: <c>history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs,
/// validation_data=(x_test, y_test), shuffle=True)</c>; then the 6-conv network, compiled the same way,
/// and trained the same way. Each epoch ends with a checkpoint, so an interrupted run can be resumed.
/// </summary>
public static class Step5Train
{
    public const string SixConvName = "6-conv";

    internal static void Run(TutorialContext ctx)
    {
        if (ctx.Options.RunsModel(4))
        {
            var model = ctx.Models[Step4FourConvModel.Name].Model;
            ctx.Models[Step4FourConvModel.Name] = (model, Train(ctx, Step4FourConvModel.Name, model));
            if (ctx.Interrupted) return;
        }
        else
        {
            ctx.Models.Remove(Step4FourConvModel.Name);
        }
        if (!ctx.Options.RunsModel(6)) return;

        var six = BuildSixConv(ctx.XTrain!.shape.Skip(1).Select(d => (int)d).ToArray(), ctx.NumClasses);
        Step4FourConvModel.Compile(six, ctx.Options.EffectiveLearningRate);
        six.Summary(print_fn: ctx.Out.WriteLine);
        ctx.Models[SixConvName] = (six, Train(ctx, SixConvName, six));
    }

    public static Sequential BuildSixConv(Shape input_shape, int num_classes)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), input_shape: input_shape, activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(32, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Conv2D(64, (3, 3), activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(64, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Conv2D(128, (3, 3), activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(128, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Flatten());
        model.Add(new Dropout(0.2));
        model.Add(new Dense(1024, activation: "relu", kernel_constraint: new MaxNorm(3)));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(num_classes, activation: "softmax"));
        return model;
    }

    /// <summary>The file-name form of a network's name: "4-conv" -> "conv4".</summary>
    internal static string Slug(string name) => "conv" + name[0];

    private static History Train(TutorialContext ctx, string name, Sequential model)
    {
        string slug = Slug(name);
        var backup = new BackupAndRestore(ctx.OutputPath(Path.Combine("checkpoints", slug)));
        if (File.Exists(backup.CheckpointPath))
        {
            if (ctx.Options.Resume)
            {
                ctx.Out.WriteLine($"Resuming {name} from {backup.CheckpointPath}");
            }
            else
            {
                File.Delete(backup.CheckpointPath);
                ctx.Out.WriteLine($"Found an old checkpoint for {name}; starting afresh (use --resume to continue it).");
            }
        }
        ctx.Out.WriteLine($"Training the {name} network:");
        var stopper = new InterruptWatcher(ctx.Options.StopAfterEpoch);
        model.Output = ctx.Out;
        model.DynamicProgress = ctx.OnTerminal;
        var history = model.Fit(ctx.XTrain!, ctx.YTrain!, batch_size: ctx.BatchSize, epochs: ctx.Epochs,
            validation_data: (ctx.XTest!, ctx.YTest!), shuffle: true, callbacks: new Callback[] { backup, stopper });

        if (stopper.Stopped)
        {
            ctx.Interrupted = true;
            int done = history.epoch.Count == 0 ? 0 : history.epoch[^1] + 1;
            string weights = ctx.OutputPath($"{slug}.interrupted.weights");
            model.SaveWeights(weights);
            ctx.Out.WriteLine();
            ctx.Out.WriteLine($"Stopped {name} ({stopper.Reason}). Its current weights are in {weights}.");
            ctx.Out.WriteLine(File.Exists(backup.CheckpointPath)
                ? $"Epochs 1-{done} are saved in {backup.CheckpointPath}: run the same command with --resume to continue."
                : "No epoch was complete, so there is nothing to resume: run the command again.");
            return history;
        }
        model.SaveWeights(ctx.OutputPath($"{slug}.weights"));
        SaveHistory(history, ctx.OutputPath($"{slug}_history"));
        ctx.Out.WriteLine($"Saved {slug}.weights, {slug}_history.csv and {slug}_history.json");
        return history;
    }

    /// <summary>Writes a History as CSV (one row per epoch) and as JSON, with '.' decimals under every culture.</summary>
    internal static void SaveHistory(History history, string basePath)
    {
        var keys = history.history.Keys.ToList();
        var csv = new List<string> { string.Join(",", new[] { "epoch" }.Concat(keys).Append("seconds")) };
        for (int i = 0; i < history.epoch.Count; i++)
            csv.Add(string.Join(",", new[] { (history.epoch[i] + 1).ToString(CultureInfo.InvariantCulture) }
                .Concat(keys.Select(k => i < history.history[k].Count ? history.history[k][i].ToString("R", CultureInfo.InvariantCulture) : ""))
                .Append(history.EpochTimes[i].ToString("F3", CultureInfo.InvariantCulture))));
        File.WriteAllLines(basePath + ".csv", csv);
        var json = new Dictionary<string, object>
        {
            ["epoch"] = history.epoch,
            ["history"] = history.history.ToDictionary(kv => kv.Key, kv => kv.Value),
            ["epoch_seconds"] = history.EpochTimes,
        };
        File.WriteAllText(basePath + ".json", JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }
}
