using System.Text.Json.Nodes;
using System.Text.Json;
using Keras.Constraints;
using Keras.Initializers;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace Keras.Saving;

/// <summary>
/// A model as Keras's model JSON (<c>model.to_json()</c>, <c>model_from_json</c>): <c>class_name</c> and
/// <c>config</c> for the model and for each layer, its initializers and constraints, in the form Keras 2.2 writes.
/// Reading also takes tf.keras 2.x's forms (an <c>InputLayer</c> first, <c>GlorotUniform</c> by name,
/// <c>truncated_normal</c>, Keras 2.1's bare list of layers). An argument KerasSharp does not support, or a value of
/// it other than Keras's default, is an error that names the layer and the argument, never silently dropped.
/// </summary>
internal static class ModelJson
{
    public const string KerasVersion = "2.2.4";

    public static string ToJson(BaseModel model)
    {
        var root = Config(model);
        root["keras_version"] = KerasVersion;
        root["backend"] = "tensorflow";
        return root.ToJsonString();
    }

    /// <summary>The model as <c>{"class_name": "Sequential", "config": ...}</c>, as a model file's <c>model_config</c> holds it.</summary>
    public static JsonObject Config(BaseModel model)
    {
        var layers = new JsonArray();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            var config = new JsonObject { ["name"] = layer.Name, ["trainable"] = true };
            if (i == 0)
            {
                config["batch_input_shape"] = new JsonArray(new JsonNode?[] { null }.Concat(model.InputShape.Dims.Select(d => (JsonNode?)d)).ToArray());
                config["dtype"] = "float32";
            }
            // A mixed policy is written as tf.keras writes it; Keras 2.2 has none.
            if (layer.DtypePolicy.IsMixed)
                config["dtype"] = new JsonObject { ["class_name"] = "Policy", ["config"] = new JsonObject { ["name"] = layer.DtypePolicy.Name } };
            foreach (var (key, value) in LayerArguments(layer)) config[key] = value;
            layers.Add(new JsonObject { ["class_name"] = layer.GetType().Name, ["config"] = config });
        }
        return new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["name"] = model.Name, ["layers"] = layers } };
    }

    /// <summary>
    /// The model as Keras 3 serializes it into a <c>.keras</c> file's config.json: <c>module</c>, <c>class_name</c>,
    /// <c>config</c> and <c>registered_name</c> for the model, its layers, initializers and constraints; an
    /// <c>InputLayer</c> with <c>batch_shape</c> first, as Keras 3's Sequential writes it; Keras 2.2's "normal"
    /// distribution under its Keras 3 name, <c>truncated_normal</c>. <paramref name="compile"/> is the compile_config.
    /// </summary>
    public static JsonObject Keras3Config(BaseModel model, JsonObject? compile)
    {
        var keras2 = Config(model)["config"]!["layers"]!.AsArray();
        var layers = new JsonArray(OptimizerConfig.Serialized("keras.layers", "InputLayer", new JsonObject
        {
            ["batch_shape"] = new JsonArray(new JsonNode?[] { null }.Concat(model.InputShape.Dims.Select(d => (JsonNode?)d)).ToArray()),
            ["dtype"] = "float32", ["sparse"] = false, ["name"] = "input_layer",
        }));
        foreach (var layer in keras2.Select(l => l!.AsObject()))
        {
            var config = layer["config"]!.AsObject();
            config.Remove("batch_input_shape");
            foreach (var (key, value) in config.ToList())
                if (key == "dtype" && value is JsonObject policy)
                    config[key] = OptimizerConfig.Serialized("keras", "DTypePolicy", new JsonObject { ["name"] = policy["config"]!["name"]!.GetValue<string>() });
                else if (value is JsonObject nested && nested["class_name"] is not null)
                    config[key] = Keras3Nested(key, nested);
            layers.Add(OptimizerConfig.Serialized("keras.layers", layer["class_name"]!.GetValue<string>(), config.DeepClone()));
        }
        var root = OptimizerConfig.Serialized("keras", "Sequential", new JsonObject { ["name"] = model.Name, ["trainable"] = true, ["dtype"] = "float32", ["layers"] = layers });
        root["compile_config"] = compile;
        return root;
    }

    private static JsonObject Keras3Nested(string key, JsonObject nested)
    {
        var config = (nested["config"] as JsonObject ?? new JsonObject()).DeepClone().AsObject();
        if (config["distribution"]?.GetValue<string>() == "normal") config["distribution"] = "truncated_normal";
        return OptimizerConfig.Serialized(key.EndsWith("constraint", StringComparison.Ordinal) ? "keras.constraints" : "keras.initializers",
            nested["class_name"]!.GetValue<string>(), config);
    }

    private static IEnumerable<(string, JsonNode?)> LayerArguments(Layer layer)
    {
        switch (layer)
        {
            case Conv2D c:
                return new (string, JsonNode?)[]
                {
                    ("filters", c.Filters), ("kernel_size", Pair(c.KernelSize)), ("strides", Pair(c.Strides)), ("padding", c.Padding),
                    ("data_format", "channels_last"), ("dilation_rate", Pair(c.DilationRate)),
                }.Concat(KernelArguments(c));
            case Dense d:
                return new (string, JsonNode?)[] { ("units", d.Units) }.Concat(KernelArguments(d));
            case MaxPooling2D p:
                return new (string, JsonNode?)[] { ("pool_size", Pair(p.PoolSize)), ("padding", p.Padding), ("strides", Pair(p.Strides)), ("data_format", "channels_last") };
            case Dropout d:
                return new (string, JsonNode?)[] { ("rate", d.Rate), ("noise_shape", null), ("seed", null) };
            case Layers.Flatten:
                return new (string, JsonNode?)[] { ("data_format", "channels_last") };
            case Activation a:
                return new (string, JsonNode?)[] { ("activation", a.Function) };
            case BatchNormalization b:
                return new (string, JsonNode?)[]
                {
                    ("axis", b.Axis), ("momentum", b.Momentum), ("epsilon", b.Epsilon), ("center", b.Center), ("scale", b.Scale),
                    ("beta_initializer", Initializer(b.Initializers.Beta)), ("gamma_initializer", Initializer(b.Initializers.Gamma)),
                    ("moving_mean_initializer", Initializer(b.Initializers.MovingMean)), ("moving_variance_initializer", Initializer(b.Initializers.MovingVariance)),
                    ("beta_regularizer", null), ("gamma_regularizer", null), ("beta_constraint", null), ("gamma_constraint", null),
                };
            default:
                throw new NotSupportedException($"Layer '{layer.Name}' ({layer.GetType().Name}) has no Keras config.");
        }
    }

    private static IEnumerable<(string, JsonNode?)> KernelArguments(KernelLayer layer) => new (string, JsonNode?)[]
    {
        ("activation", layer.Activation), ("use_bias", layer.UseBias),
        ("kernel_initializer", Initializer(layer.KernelInitializer)), ("bias_initializer", Initializer(layer.BiasInitializer)),
        ("kernel_regularizer", null), ("bias_regularizer", null), ("activity_regularizer", null),
        ("kernel_constraint", Constraint(layer.KernelConstraint)), ("bias_constraint", Constraint(layer.BiasConstraint)),
    };

    private static JsonArray Pair((int, int) pair) => new(pair.Item1, pair.Item2);

    /// <summary>As Keras 2.2 writes them: the Glorot and He initializers are VarianceScaling with their arguments.</summary>
    private static JsonObject Initializer(Initializer initializer) => initializer switch
    {
        VarianceScaling v => Named("VarianceScaling", new JsonObject { ["scale"] = v.Scale, ["mode"] = v.Mode, ["distribution"] = v.Distribution, ["seed"] = null }),
        Zeros => Named("Zeros", new JsonObject()),
        Ones => Named("Ones", new JsonObject()),
        Constant c => Named("Constant", new JsonObject { ["value"] = c.Value }),
        _ => throw new NotSupportedException($"The initializer {initializer.GetType().Name} has no Keras config."),
    };

    private static JsonObject? Constraint(Constraint? constraint) => constraint switch
    {
        null => null,
        MaxNorm m => Named("MaxNorm", new JsonObject { ["max_value"] = m.MaxValue, ["axis"] = m.Axis.Count == 1 ? m.Axis[0] : new JsonArray(m.Axis.Select(a => (JsonNode?)a).ToArray()) }),
        _ => throw new NotSupportedException($"The constraint {constraint.GetType().Name} has no Keras config."),
    };

    private static JsonObject Named(string className, JsonObject config) => new() { ["class_name"] = className, ["config"] = config };

    public static BaseModel FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The model JSON is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject model || model["class_name"]?.GetValue<string>() is not string className)
            throw new ArgumentException("The model JSON has no class_name; it should come from Keras's model.to_json().");
        if (className != "Sequential")
            throw new ArgumentException($"The model JSON describes a {className}; KerasSharp builds Sequential models only.");
        var config = model["config"];
        // Keras 2.1 wrote a Sequential's config as the bare list of its layers.
        var layers = (config as JsonObject)?["layers"] as JsonArray ?? config as JsonArray
            ?? throw new ArgumentException("The model JSON's config has no list of layers.");
        string? name = (config as JsonObject)?["name"]?.GetValue<string>();
        var result = new Sequential(name: name);
        foreach (var node in layers)
            result.Add(Layer(node as JsonObject ?? throw new ArgumentException("A layer in the model JSON is not an object.")));
        return result;
    }

    /// <summary>One layer from its config.</summary>
    private static Layer Layer(JsonObject node)
    {
        string className = node["class_name"]?.GetValue<string>() ?? throw new ArgumentException("A layer in the model JSON has no class_name.");
        var args = new Arguments(className, node["config"] as JsonObject ?? new JsonObject());
        args.Optional("trainable", v => v.GetValue<bool>() ? null : "layers that are not trainable are not supported");
        // A dtype policy: a string, or an object as tf.keras ("Policy") and Keras 3.4+ ("DTypePolicy") write it.
        string? policy = null;
        args.Optional("dtype", v => (v is JsonObject named ? named["config"]?["name"] : v) is JsonValue value && value.TryGetValue<string>(out policy)
            && policy is "float32" or "mixed_bfloat16" ? null : $"dtype {v.ToJsonString()} is not supported (float32 and mixed_bfloat16 are)");
        foreach (string keras3 in new[] { "lora_rank", "lora_alpha", "quantization_config" })
            args.Optional(keras3, _ => $"{keras3} is not supported");
        Shape? inputShape = (args.Take("batch_input_shape") ?? args.Take("batch_shape")) is JsonArray batch ? args.SizesOf("batch_input_shape", batch.Skip(1)) : null;
        string? name = args.Take("name")?.GetValue<string>();
        Layer layer = className switch
        {
            "InputLayer" => Input(args, inputShape, name),
            "Conv2D" => Conv2D(args, inputShape, name),
            "Dense" => Dense(args, inputShape, name),
            "MaxPooling2D" => MaxPooling(args, inputShape, name),
            "Dropout" => Dropout(args, inputShape, name),
            "Flatten" => Flatten(args, inputShape, name),
            "Activation" => new Activation(args.String("activation", "linear"), inputShape, name),
            "BatchNormalization" => BatchNormalization(args, inputShape, name),
            _ => throw new ArgumentException($"The model JSON has a {className} layer, which KerasSharp does not have. Layers it has: " +
                                             "InputLayer, Conv2D, Dense, MaxPooling2D, Dropout, Flatten, Activation, BatchNormalization."),
        };
        args.RequireAllUsed();
        if (policy is not null) layer.DtypePolicy = new Policy(policy);
        return layer;
    }

    private static Layer Input(Arguments args, Shape? inputShape, string? name)
    {
        // tf.keras writes these two for every InputLayer.
        args.Optional("sparse", v => v.GetValue<bool>() ? "sparse inputs are not supported" : null);
        args.Optional("ragged", v => v.GetValue<bool>() ? "ragged inputs are not supported" : null);
        args.Optional("optional", v => v.GetValue<bool>() ? "optional inputs are not supported" : null);
        return new InputLayer(inputShape ?? throw args.Error("batch_input_shape", "an InputLayer needs it"), name);
    }

    private static Layer Dense(Arguments args, Shape? inputShape, string? name)
    {
        NoRegularizers(args);
        return new Dense(args.Int("units"), args.String("activation", "linear"), args.Bool("use_bias", true),
            InitializerOf(args, "kernel_initializer"), InitializerOf(args, "bias_initializer"),
            ConstraintOf(args, "kernel_constraint"), ConstraintOf(args, "bias_constraint"), inputShape, name);
    }

    private static Layer Conv2D(Arguments args, Shape? inputShape, string? name)
    {
        ChannelsLast(args);
        var layer = new Conv2D(args.Int("filters"), args.Sizes("kernel_size") ?? throw args.Error("kernel_size", "it is required"),
            args.Sizes("strides"), args.String("padding", "valid"), args.String("activation", "linear"),
            args.Bool("use_bias", true), InitializerOf(args, "kernel_initializer"), InitializerOf(args, "bias_initializer"),
            ConstraintOf(args, "kernel_constraint"), ConstraintOf(args, "bias_constraint"),
            args.Sizes("dilation_rate"), inputShape, name);
        args.Optional("groups", v => v.GetValue<int>() == 1 ? null : "grouped convolution is not supported");
        NoRegularizers(args);
        return layer;
    }

    private static Layer MaxPooling(Arguments args, Shape? inputShape, string? name)
    {
        ChannelsLast(args);
        return new MaxPooling2D(args.Sizes("pool_size"), args.Sizes("strides"),
            args.String("padding", "valid"), inputShape, name);
    }

    private static Layer Dropout(Arguments args, Shape? inputShape, string? name)
    {
        args.Optional("noise_shape", _ => "noise_shape is not supported");
        args.Optional("seed", _ => "a per-layer seed is not supported (Util.SetRandomSeed seeds every layer)");
        return new Dropout(args.Double("rate"), inputShape, name);
    }

    private static Layer Flatten(Arguments args, Shape? inputShape, string? name)
    {
        ChannelsLast(args);
        return new Flatten(inputShape, name);
    }

    private static Layer BatchNormalization(Arguments args, Shape? inputShape, string? name)
    {
        foreach (string key in new[] { "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint" })
            args.Optional(key, _ => $"{key} is not supported");
        return new BatchNormalization(args.Take("axis") is JsonArray { Count: 1 } axes ? axes[0]!.GetValue<int>() : args.Int("axis", -1),
            args.Double("momentum", 0.99), args.Double("epsilon", 1e-3), args.Bool("center", true), args.Bool("scale", true),
            InitializerOf(args, "beta_initializer"), InitializerOf(args, "gamma_initializer"),
            InitializerOf(args, "moving_mean_initializer"), InitializerOf(args, "moving_variance_initializer"), inputShape, name);
    }

    private static void ChannelsLast(Arguments args) =>
        args.Optional("data_format", v => v.GetValue<string>() == "channels_last" ? null : $"data_format {v.ToJsonString()} is not supported (channels_last only)");

    private static void NoRegularizers(Arguments args)
    {
        foreach (string key in new[] { "kernel_regularizer", "bias_regularizer", "activity_regularizer" })
            args.Optional(key, _ => $"{key} is not supported");
    }

    private static Initializer? InitializerOf(Arguments args, string key)
    {
        if (args.Take(key) is not JsonNode node) return null;
        if (node is JsonValue text && text.TryGetValue<string>(out var name)) return Initializers.Initializer.Get(name);
        string className = node["class_name"]?.GetValue<string>() ?? throw args.Error(key, "it has no class_name");
        var config = node["config"] as JsonObject ?? new JsonObject();
        double Number(string k, double fallback) => config[k] is JsonNode n ? n.GetValue<double>() : fallback;
        string Text(string k, string fallback) => config[k]?.GetValue<string>() ?? fallback;
        if (config["seed"] is not null)
            throw args.Error(key, "an initializer seed is not supported (Util.SetRandomSeed seeds every layer)");
        return className switch
        {
            "VarianceScaling" => new VarianceScaling(Number("scale", 1), Text("mode", "fan_in"), Text("distribution", "normal") switch
            {
                "normal" or "truncated_normal" => "normal",
                "uniform" => "uniform",
                var other => throw args.Error(key, $"distribution '{other}' is not supported (truncated_normal and uniform are)"),
            }),
            "GlorotUniform" => new GlorotUniform(),
            "GlorotNormal" => new GlorotNormal(),
            "HeUniform" => new HeUniform(),
            "HeNormal" => new HeNormal(),
            "Zeros" => new Zeros(),
            "Ones" => new Ones(),
            "Constant" => new Constant(Number("value", 0)),
            _ => throw args.Error(key, $"the initializer {className} is not supported"),
        };
    }

    private static Constraint? ConstraintOf(Arguments args, string key)
    {
        if (args.Take(key) is not JsonNode node) return null;
        string className = node["class_name"]?.GetValue<string>() ?? throw args.Error(key, "it has no class_name");
        if (className is not ("MaxNorm" or "max_norm")) throw args.Error(key, $"the constraint {className} is not supported (MaxNorm is)");
        var config = node["config"] as JsonObject ?? new JsonObject();
        int[] axis = config["axis"] switch
        {
            JsonArray list => list.Select(a => a!.GetValue<int>()).ToArray(),
            JsonNode single => new[] { single.GetValue<int>() },
            null => new[] { 0 },
        };
        return new MaxNorm(config["max_value"]?.GetValue<double>() ?? 2, axis);
    }

    /// <summary>A layer's config, taken key by key, so that a key nobody took can be reported.</summary>
    private sealed class Arguments(string layer, JsonObject config)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public JsonNode? Take(string key)
        {
            _used.Add(key);
            return config[key];
        }

        public ArgumentException Error(string key, string why) =>
            new($"The model JSON's {layer} layer '{config["name"]?.GetValue<string>() ?? "?"}' has argument '{key}', which KerasSharp cannot honour: {why}.");

        /// <summary>Checks an argument KerasSharp accepts only at Keras's default: <paramref name="check"/> returns why another value is refused.</summary>
        public void Optional(string key, Func<JsonNode, string?> check)
        {
            if (Take(key) is JsonNode value && check(value) is string why) throw Error(key, why);
        }

        /// <summary>A size or a tuple of sizes, such as kernel_size's 3 or [3, 3]; null when the argument is absent.</summary>
        public Shape? Sizes(string key) => Take(key) switch
        {
            null => null,
            JsonArray sizes => SizesOf(key, sizes),
            var size => SizesOf(key, new[] { size }),
        };

        /// <summary>Positive integer sizes, or an error naming the argument.</summary>
        public Shape SizesOf(string key, IEnumerable<JsonNode?> sizes) =>
            sizes.Select(d => d is JsonValue v && v.TryGetValue<int>(out int n) && n > 0 ? n : throw Error(key, $"size {d?.ToJsonString() ?? "null"} is not a positive integer")).ToArray();

        public int Int(string key, int? fallback = null) => Take(key) is JsonNode n ? Get<int>(key, n) : fallback ?? throw Error(key, "it is required");
        public double Double(string key, double? fallback = null) => Take(key) is JsonNode n ? Get<double>(key, n) : fallback ?? throw Error(key, "it is required");
        public bool Bool(string key, bool fallback) => Take(key) is JsonNode n ? Get<bool>(key, n) : fallback;
        public string String(string key, string fallback) => Take(key) is JsonNode n ? Get<string>(key, n) : fallback;

        private T Get<T>(string key, JsonNode node)
        {
            try
            {
                return node.GetValue<T>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw Error(key, $"{node.ToJsonString()} is not a {typeof(T).Name.ToLowerInvariant()}");
            }
        }

        public void RequireAllUsed()
        {
            foreach (var (key, _) in config)
                if (!_used.Contains(key))
                    throw Error(key, "KerasSharp's layer has no such argument");
        }
    }
}
