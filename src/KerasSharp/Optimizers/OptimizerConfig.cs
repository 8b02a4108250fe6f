using System.Text.Json.Nodes;

namespace Keras.Optimizers;

/// <summary>
/// An optimizer as model files describe it: Keras 2's <c>{"class_name", "config": {"lr", "decay", ...}}</c> and
/// Keras 3's, whose <c>learning_rate</c> may be a schedule and which has no <c>decay</c>. Keras 2's decay
/// lr / (1 + decay * iterations) is Keras 3's <c>InverseTimeDecay</c> with <c>decay_steps</c> 1, so each form maps onto
/// the other exactly. Keras 3 arguments KerasSharp lacks (weight decay, clipping, EMA...) are errors that name them.
/// </summary>
internal static class OptimizerConfig
{
    /// <summary>Builds the optimizer a file's optimizer config describes; <paramref name="file"/> names the file in errors.</summary>
    public static Optimizer FromConfig(JsonNode? node, string file)
    {
        try
        {
            return Build(node, file);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{file}': the optimizer config {node?.ToJsonString()} holds a value of the wrong kind: {e.Message}", e);
        }
    }

    private static Optimizer Build(JsonNode? node, string file)
    {
        if (node is JsonValue text && text.TryGetValue<string>(out var name)) return Optimizer.Get(name);
        if (node is not JsonObject optimizer) throw new InvalidDataException($"'{file}': the optimizer config is missing or not an object.");
        var args = optimizer["config"] as JsonObject ?? new JsonObject();
        string className = optimizer["class_name"] is JsonValue cls && cls.TryGetValue<string>(out var c) ? c
            : throw new InvalidDataException($"'{file}': the optimizer config has no class_name.");
        // Keras 2.11+ registers its new optimizers as "Custom>Adam" in h5 files.
        if (className.StartsWith("Custom>", StringComparison.Ordinal)) className = className["Custom>".Length..];
        double? Number(string key) => args[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        foreach (string key in new[] { "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps" })
            if (args[key] is not null) throw new InvalidDataException($"'{file}': the optimizer's {key} is not supported by KerasSharp.");
        foreach (string key in new[] { "use_ema", "amsgrad", "centered" })
            if (args[key] is JsonValue flag && flag.TryGetValue<bool>(out bool on) && on) throw new InvalidDataException($"'{file}': {className} with {key}=True is not supported by KerasSharp.");
        double? lr = Number("lr");
        double decay = Number("decay") ?? 0;
        switch (args["learning_rate"])
        {
            case JsonValue value:
                lr ??= value.GetValue<double>();
                break;
            case JsonObject schedule:
                (lr, decay) = InverseTimeDecay(schedule, file);
                break;
        }
        if (className == "RMSprop" && (Number("momentum") ?? 0) != 0)
            throw new InvalidDataException($"'{file}': RMSprop with momentum is not supported by KerasSharp.");
        return className switch
        {
            "SGD" => new SGD(lr: lr, momentum: Number("momentum") ?? 0, decay: decay, nesterov: args["nesterov"]?.GetValue<bool>() ?? false),
            "Adam" => new Adam(lr: lr, beta_1: Number("beta_1") ?? 0.9, beta_2: Number("beta_2") ?? 0.999, epsilon: Number("epsilon") ?? Backend.Epsilon, decay: decay),
            "RMSprop" => new RMSprop(lr: lr, rho: Number("rho") ?? 0.9, epsilon: Number("epsilon") ?? Backend.Epsilon, decay: decay),
            "Adadelta" => new Adadelta(lr: lr, rho: Number("rho") ?? 0.95, epsilon: Number("epsilon") ?? Backend.Epsilon, decay: decay),
            var other => throw new InvalidDataException($"'{file}': the optimizer {other} is not supported (SGD, Adam, RMSprop and Adadelta are)."),
        };
    }

    /// <summary>
    /// The optimizer as Keras 3 serializes it: <c>module</c>, <c>class_name</c>, <c>config</c> (its name, its learning
    /// rate or, with decay, an <c>InverseTimeDecay</c> schedule, and its own arguments). Arguments left at their defaults
    /// are left out, so that every Keras 3 release reads it.
    /// </summary>
    public static JsonObject Keras3(Optimizer optimizer)
    {
        string className = optimizer.GetType().Name;
        var config = new JsonObject { ["name"] = className };
        config["learning_rate"] = optimizer.Decay == 0 ? optimizer.Lr : Serialized("keras.optimizers.schedules", "InverseTimeDecay", new JsonObject
        {
            ["initial_learning_rate"] = optimizer.Lr, ["decay_steps"] = 1, ["decay_rate"] = optimizer.Decay, ["staircase"] = false, ["name"] = "InverseTimeDecay",
        });
        foreach (var (key, value) in optimizer.KerasConfig())
            if (key is not ("lr" or "decay")) config[key] = value?.DeepClone();
        return Serialized("keras.optimizers", className, config);
    }

    /// <summary>Keras 3's form of a serialized object.</summary>
    public static JsonObject Serialized(string module, string className, JsonNode config) =>
        new() { ["module"] = module, ["class_name"] = className, ["config"] = config, ["registered_name"] = null };

    private static (double Lr, double Decay) InverseTimeDecay(JsonObject schedule, string file)
    {
        string name = schedule["class_name"]?.GetValue<string>() ?? "(no class_name)";
        var config = schedule["config"] as JsonObject ?? new JsonObject();
        if (name != "InverseTimeDecay" || config["staircase"]?.GetValue<bool>() == true)
            throw new InvalidDataException($"'{file}': the learning-rate schedule {name} is not supported; KerasSharp has Keras 2's decay, which is InverseTimeDecay without staircase.");
        double steps = config["decay_steps"]?.GetValue<double>() ?? 1;
        return (config["initial_learning_rate"]?.GetValue<double>() ?? throw new InvalidDataException($"'{file}': InverseTimeDecay has no initial_learning_rate."),
                (config["decay_rate"]?.GetValue<double>() ?? 0) / steps);
    }
}
