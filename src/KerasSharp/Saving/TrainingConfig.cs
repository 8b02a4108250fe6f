using System.Text.Json.Nodes;
using Keras.Losses;
using Keras.Models;
using Keras.Optimizers;

namespace Keras.Saving;

/// <summary>
/// How a model was compiled, as model files keep it: Keras 2's <c>training_config</c> (<c>optimizer_config</c>,
/// <c>loss</c>, <c>metrics</c>, <c>loss_weights</c>) and Keras 3's <c>compile_config</c>. Read in every form Keras
/// generations wrote: losses and metrics by name, per output (a list, or a dictionary by output name), or serialized
/// (tf.keras's <c>MeanMetricWrapper</c>, Keras 3's loss and metric objects); optimizer class names with Keras 2.11+'s
/// <c>Custom&gt;</c> prefix.
/// </summary>
internal static class TrainingConfig
{
    /// <summary>Keras 2.2's training_config of a compiled model.</summary>
    public static JsonObject Keras2(BaseModel model)
    {
        var optimizer = model.Optimizer!;
        return new JsonObject
        {
            ["optimizer_config"] = new JsonObject { ["class_name"] = optimizer.GetType().Name, ["config"] = optimizer.KerasConfig() },
            ["loss"] = Losses(model),
            ["metrics"] = new JsonArray(MetricNames(model).Select(m => (JsonNode?)m).ToArray()),
            ["sample_weight_mode"] = null,
            ["loss_weights"] = LossWeights(model),
        };
    }

    /// <summary>Keras 3's compile_config of a compiled model.</summary>
    public static JsonObject Keras3(BaseModel model) => new()
    {
        ["optimizer"] = OptimizerConfig.Keras3(model.Optimizer!),
        ["loss"] = Losses(model),
        ["loss_weights"] = LossWeights(model),
        ["metrics"] = new JsonArray(MetricNames(model).Select(m => (JsonNode?)m).ToArray()),
        ["weighted_metrics"] = null,
        ["run_eagerly"] = false,
        ["steps_per_execution"] = 1,
        ["jit_compile"] = false,
    };

    private static JsonNode Losses(BaseModel model) => model.Losses.Select(l => l.Name).Distinct().Count() == 1
        ? model.Losses[0].Name
        : new JsonArray(model.Losses.Select(l => (JsonNode?)l.Name).ToArray());

    private static JsonNode? LossWeights(BaseModel model) =>
        model.LossWeights.All(w => w == 1) ? null : new JsonArray(model.LossWeights.Select(w => (JsonNode?)w).ToArray());

    /// <summary>The metrics as Compile was given them (one list for every output, as Keras 2.2's <c>metrics</c>).</summary>
    private static IEnumerable<string> MetricNames(BaseModel model) => model.CompiledObjectives.Metrics[0].Select(m => m.Name);

    /// <summary>Compiles <paramref name="model"/> as a training_config or compile_config says; <paramref name="optimizer"/> is its optimizer entry.</summary>
    public static void Compile(BaseModel model, JsonObject config, JsonNode? optimizer, string path)
    {
        var built = OptimizerConfig.FromConfig(optimizer, path);
        var names = model.OutputNames;
        var losses = PerOutput(config["loss"], names, "loss", path).Select(n => LossOf(n, path)).ToList();
        var metrics = MetricsPerOutput(config["metrics"], names, path);
        IEnumerable<double>? weights = config["loss_weights"] switch
        {
            null => null,
            var w => PerOutput(w, names, "loss_weights", path).Select(v => v is JsonValue n && n.TryGetValue<double>(out double d) ? d
                : throw new InvalidDataException($"'{path}': loss_weights holds {v?.ToJsonString() ?? "null"}, which is not a number.")),
        };
        if (config["sample_weight_mode"] is JsonValue mode && mode.TryGetValue<string>(out var m) && m is not null)
            throw new InvalidDataException($"'{path}': sample_weight_mode '{m}' is not supported by KerasSharp; load the model with compile: false.");
        if (config["weighted_metrics"] is JsonArray { Count: > 0 })
            Warnings.Warn($"Warning: '{path}' compiles weighted_metrics, which KerasSharp does not have; they are left out.");
        try
        {
            model.Compile(built, losses, metrics, weights);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}': its training config does not fit the model: {e.Message}", e);
        }
    }

    /// <summary>One entry per output: a single value for all, a list in output order, or a dictionary by output name.</summary>
    private static List<JsonNode?> PerOutput(JsonNode? node, IReadOnlyList<string> outputs, string what, string path) => node switch
    {
        JsonArray list when list.Count == outputs.Count && (outputs.Count > 1 || list[0] is not JsonValue { } v || !v.TryGetValue<string>(out _)) =>
            list.Select(i => i).ToList(),
        JsonObject dict when dict["class_name"] is null && dict["module"] is null => outputs.Select(o => dict[o]
            ?? throw new InvalidDataException($"'{path}': {what} has no entry for output '{o}'.")).Select(i => (JsonNode?)i).ToList(),
        null => throw new InvalidDataException($"'{path}': the training config has no {what}."),
        JsonArray list when list.Count != outputs.Count && list.Count > 0 && list[0] is JsonArray or JsonObject =>
            throw new InvalidDataException($"'{path}': {what} lists {list.Count} entries for {outputs.Count} output(s)."),
        _ => Enumerable.Repeat<JsonNode?>(node, outputs.Count).ToList(),
    };

    private static Loss LossOf(JsonNode? node, string path)
    {
        string name = node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject serialized => SerializedName(serialized, "loss", path, config =>
            {
                if (config["from_logits"] is JsonValue l && l.TryGetValue<bool>(out bool logits) && logits)
                    throw new InvalidDataException($"'{path}': a loss from_logits is not supported by KerasSharp (its losses take probabilities).");
                if (config["label_smoothing"] is JsonValue s && s.TryGetValue<double>(out double smoothing) && smoothing != 0)
                    throw new InvalidDataException($"'{path}': label_smoothing is not supported by KerasSharp.");
            }),
            _ => throw new InvalidDataException($"'{path}': the loss {node?.ToJsonString() ?? "null"} is neither a name nor a serialized loss."),
        };
        return Loss.TryGet(name) ?? throw new InvalidDataException($"'{path}': the loss '{name}' is not one KerasSharp has.");
    }

    /// <summary>
    /// The metrics of each output: a list for every output, a list of lists (tf.keras, one per output), or a dictionary by
    /// output name; each a name or a serialized metric.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> MetricsPerOutput(JsonNode? node, IReadOnlyList<string> outputs, string path)
    {
        List<string> Names(JsonNode? list) => list switch
        {
            null => new List<string>(),
            JsonArray items => items.Select(i => MetricName(i, path)).ToList(),
            var single => new List<string> { MetricName(single, path) },
        };
        return node switch
        {
            null => outputs.Select(_ => (IReadOnlyList<string>)new List<string>()).ToList(),
            JsonArray list when list.Count > 0 && list.All(i => i is JsonArray or null) =>
                list.Count == outputs.Count ? list.Select(l => (IReadOnlyList<string>)Names(l)).ToList()
                    : throw new InvalidDataException($"'{path}': metrics lists {list.Count} lists for {outputs.Count} output(s)."),
            JsonObject dict when dict["class_name"] is null && dict["module"] is null => outputs.Select(o => (IReadOnlyList<string>)Names(dict[o])).ToList(),
            _ => outputs.Select(_ => (IReadOnlyList<string>)Names(node)).ToList(),
        };
    }

    private static string MetricName(JsonNode? node, string path) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        // tf.keras's MeanMetricWrapper keeps the function in fn and the logged name in name ("accuracy").
        JsonObject { } wrapper when wrapper["class_name"] is JsonValue c && c.TryGetValue<string>(out var cls) && cls == "MeanMetricWrapper" =>
            wrapper["config"]?["name"] is JsonValue n && n.TryGetValue<string>(out var name) && name is "accuracy" or "acc" ? name
                : wrapper["config"]?["fn"] is JsonValue f && f.TryGetValue<string>(out var fn) ? fn
                : throw new InvalidDataException($"'{path}': the metric {wrapper.ToJsonString()} names no function."),
        JsonObject serialized => SerializedName(serialized, "metric", path, _ => { }),
        _ => throw new InvalidDataException($"'{path}': the metric {node?.ToJsonString() ?? "null"} is neither a name nor a serialized metric."),
    };

    /// <summary>The function name of a serialized loss or metric object: its config's name when Keras knows it, else its class in snake_case.</summary>
    private static string SerializedName(JsonObject serialized, string what, string path, Action<JsonObject> check)
    {
        string cls = serialized["class_name"] is JsonValue c && c.TryGetValue<string>(out var s) ? s
            : throw new InvalidDataException($"'{path}': the {what} {serialized.ToJsonString()} has no class_name.");
        var config = serialized["config"] as JsonObject ?? new JsonObject();
        check(config);
        if (config["name"] is JsonValue n && n.TryGetValue<string>(out var name) && (Loss.Exists(name) || name is "accuracy" or "acc")) return name;
        return Backend.ToSnakeCase(cls);
    }
}
