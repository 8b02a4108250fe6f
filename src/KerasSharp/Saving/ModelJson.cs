using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace Keras.Saving;

/// <summary>
/// A model as Keras's model JSON (<c>model.to_json()</c>, <c>model_from_json</c>, a model file's <c>model_config</c>).
/// Written as Keras 2.2 writes it: a Sequential's layers with the first one's <c>batch_input_shape</c>; a functional
/// model (<c>class_name</c> "Model") with every layer's <c>inbound_nodes</c> and the <c>input_layers</c> and
/// <c>output_layers</c>; or, for a <c>.keras</c> archive, as Keras 3 writes it. Read in every generation's form:
/// Keras 2.0-2.1's bare list of layers, Keras 2.2 and tf.keras ("Model", "Functional"), Keras 3 (<c>module</c> and
/// <c>registered_name</c>, inbound nodes as <c>__keras_tensor__</c> arguments), models nested as layers. Each layer
/// reads its own config (<see cref="LayerRegistry"/>); an argument KerasSharp does not support is an error that names
/// the layer and the argument, never silently dropped; malformed JSON is an <see cref="ArgumentException"/> naming the field.
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

    /// <summary>The model as <c>{"class_name": "Sequential" or "Model", "config": ...}</c>, as Keras 2.2 writes it.</summary>
    public static JsonObject Config(BaseModel model) => model is Sequential sequential ? SequentialConfig(sequential) : FunctionalConfig(model);

    private static JsonObject SequentialConfig(Sequential model)
    {
        var layers = new JsonArray();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var entry = Entry(model.Layers[i]);
            if (i == 0 && model.Layers[i] is not BaseModel)
            {
                var config = entry["config"]!.AsObject();
                config["batch_input_shape"] = BatchShape(model.InputShape);
                config["dtype"] ??= "float32";
            }
            layers.Add(entry);
        }
        return new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["name"] = model.Name, ["layers"] = layers } };
    }

    private static JsonObject FunctionalConfig(BaseModel model)
    {
        var graph = new CallGraph(model);
        // Keras 2.2 follows each input of a call with the call's keyword arguments.
        JsonNode Input(KerasTensor t)
        {
            var reference = graph.Reference(t);
            reference.Add(new JsonObject());
            return reference;
        }
        var layers = new JsonArray();
        foreach (var layer in model.Layers)
        {
            var entry = Entry(layer);
            var inbound = new JsonArray();
            foreach (var node in graph.Calls(layer))
                inbound.Add(new JsonArray(node.Inputs.Select(t => (JsonNode?)Input(t)).ToArray()));
            layers.Add(new JsonObject { ["name"] = layer.Name, ["class_name"] = entry["class_name"]!.DeepClone(), ["config"] = entry["config"]!.DeepClone(), ["inbound_nodes"] = inbound });
        }
        return new JsonObject
        {
            ["class_name"] = "Model",
            ["config"] = new JsonObject
            {
                ["name"] = model.Name, ["layers"] = layers,
                ["input_layers"] = graph.References(model.Inputs),
                ["output_layers"] = graph.References(model.Outputs),
            },
        };
    }

    /// <summary>A functional model's calls as its config lists them: only the calls inside this model, whatever else shares its layers.</summary>
    private sealed class CallGraph(BaseModel model)
    {
        private readonly HashSet<Node> _nodes = model.Nodes.ToHashSet();

        /// <summary>The layer's calls inside this model that take inputs.</summary>
        public IEnumerable<Node> Calls(Layer layer) => layer.InboundNodes.Where(n => _nodes.Contains(n) && n.Inputs.Count > 0);

        /// <summary>
        /// A tensor as <c>[layer name, call index, output index]</c>; Keras renumbers each layer's calls to count only
        /// those inside this model.
        /// </summary>
        public JsonArray Reference(KerasTensor t) => new(t.Layer.Name, t.Node.Layer.InboundNodes.Where(_nodes.Contains).ToList().IndexOf(t.Node), t.Index);

        /// <summary>A list of tensors' references, as <c>input_layers</c> and <c>output_layers</c>.</summary>
        public JsonArray References(IEnumerable<KerasTensor> tensors) => new(tensors.Select(t => (JsonNode?)Reference(t)).ToArray());
    }

    /// <summary>A layer as a model's config lists it: <c>{"class_name", "config"}</c>, a nested model with its own config.</summary>
    private static JsonObject Entry(Layer layer) => layer is BaseModel nested
        ? Config(nested)
        : new JsonObject { ["class_name"] = layer.GetType().Name, ["config"] = layer.GetConfig() };

    private static JsonArray BatchShape(Shape shape) => new(new JsonNode?[] { null }.Concat(shape.Dims.Select(d => (JsonNode?)d)).ToArray());

    /// <summary>
    /// The model as Keras 3 serializes it into a <c>.keras</c> file's config.json: <c>module</c>, <c>class_name</c>,
    /// <c>config</c> and <c>registered_name</c> for the model, its layers, initializers and constraints; a Sequential
    /// with an <c>InputLayer</c> (<c>batch_shape</c>) first; a functional model's calls as <c>__keras_tensor__</c>
    /// arguments; Keras 2.2's "normal" distribution under its Keras 3 name, <c>truncated_normal</c>.
    /// <paramref name="compile"/> is the compile_config.
    /// </summary>
    public static JsonObject Keras3Config(BaseModel model, JsonObject? compile)
    {
        var root = Keras3Model(model);
        root["compile_config"] = compile;
        return root;
    }

    private static JsonObject Keras3Model(BaseModel model)
    {
        var layers = new JsonArray();
        JsonObject config;
        if (model is Sequential)
        {
            layers.Add(OptimizerConfig.Serialized("keras.layers", "InputLayer", Keras3InputLayer(model.InputShape, "input_layer")));
            foreach (var layer in model.Layers) layers.Add(Keras3Layer(layer));
            config = new JsonObject { ["name"] = model.Name, ["trainable"] = true, ["dtype"] = "float32", ["layers"] = layers };
            return OptimizerConfig.Serialized("keras", "Sequential", config);
        }
        var graph = new CallGraph(model);
        JsonObject Tensor(KerasTensor t) => new()
        {
            ["class_name"] = "__keras_tensor__",
            ["config"] = new JsonObject { ["shape"] = BatchShape(t.Shape), ["dtype"] = "float32", ["keras_history"] = graph.Reference(t) },
        };
        foreach (var layer in model.Layers)
        {
            var entry = layer is InputLayer input
                ? OptimizerConfig.Serialized("keras.layers", "InputLayer", Keras3InputLayer(input.OutputShape, input.Name))
                : Keras3Layer(layer);
            entry["name"] = layer.Name;
            var inbound = new JsonArray();
            foreach (var node in graph.Calls(layer))
            {
                JsonNode argument = node.Inputs.Count == 1 ? Tensor(node.Inputs[0]) : new JsonArray(node.Inputs.Select(t => (JsonNode?)Tensor(t)).ToArray());
                inbound.Add(new JsonObject { ["args"] = new JsonArray(argument), ["kwargs"] = new JsonObject() });
            }
            entry["inbound_nodes"] = inbound;
            layers.Add(entry);
        }
        config = new JsonObject
        {
            ["name"] = model.Name, ["trainable"] = true, ["layers"] = layers,
            ["input_layers"] = graph.References(model.Inputs),
            ["output_layers"] = graph.References(model.Outputs),
        };
        var root = OptimizerConfig.Serialized("keras", "Functional", config);
        root["registered_name"] = "Functional";
        return root;
    }

    private static JsonObject Keras3InputLayer(Shape shape, string name) =>
        new() { ["batch_shape"] = BatchShape(shape), ["dtype"] = "float32", ["sparse"] = false, ["name"] = name };

    /// <summary>A layer in Keras 3's serialized form: its Keras 2 config without batch_input_shape, nested objects serialized as Keras 3 does.</summary>
    private static JsonObject Keras3Layer(Layer layer)
    {
        if (layer is BaseModel nested) return Keras3Model(nested);
        var config = layer.GetConfig();
        foreach (var (key, value) in config.ToList())
            if (key == "dtype" && value is JsonObject policy)
                config[key] = OptimizerConfig.Serialized("keras", "DTypePolicy", new JsonObject { ["name"] = policy["config"]!["name"]!.GetValue<string>() });
            else if (value is JsonObject serialized && serialized["class_name"] is not null)
                config[key] = Keras3Nested(key, serialized);
        return OptimizerConfig.Serialized("keras.layers", layer.GetType().Name, config.DeepClone());
    }

    private static JsonObject Keras3Nested(string key, JsonObject nested)
    {
        var config = (nested["config"] as JsonObject ?? new JsonObject()).DeepClone().AsObject();
        if (config["distribution"]?.GetValue<string>() == "normal") config["distribution"] = "truncated_normal";
        return OptimizerConfig.Serialized(key.EndsWith("constraint", StringComparison.Ordinal) ? "keras.constraints" : "keras.initializers",
            nested["class_name"]!.GetValue<string>(), config);
    }

    /// <summary>A JSON object a model file holds (<paramref name="what"/>: its model config, training config...), or an error naming the file and the entry.</summary>
    public static JsonObject ParseObject(string text, string what, string path)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"'{path}': {what} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': {what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A model from Keras's model JSON text.</summary>
    public static BaseModel FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The model JSON is not valid JSON: {e.Message}", e);
        }
        return FromConfig(root as JsonObject ?? throw new ArgumentException("The model JSON is not an object; it should come from Keras's model.to_json()."), "The model JSON");
    }

    /// <summary>
    /// A model from its <c>{"class_name", "config"}</c> object, built within <see cref="ConfigLimits"/>: at most the
    /// <paramref name="weightsHeld"/> weights a file holds, when known, named <paramref name="source"/> in errors.
    /// </summary>
    public static BaseModel FromConfig(JsonObject model, string source = "The model config", long? weightsHeld = null)
    {
        using var limits = ConfigLimits.Enter(source, weightsHeld);
        return Build(model);
    }

    private static BaseModel Build(JsonObject model)
    {
        string className = Text(model, "class_name", "the model");
        return className switch
        {
            "Sequential" => SequentialFromConfig(model["config"], Name(model["config"] as JsonObject)),
            "Model" or "Functional" => FunctionalFromConfig(model["config"] as JsonObject
                ?? throw new ArgumentException($"The model config's {className} has no config object.")),
            _ => throw new ArgumentException($"The model JSON describes a {className}; KerasSharp builds Sequential and functional (Model, Functional) models."),
        };
    }

    private static Sequential SequentialFromConfig(JsonNode? config, string? name)
    {
        // Keras 2.0 and 2.1 wrote a Sequential's config as the bare list of its layers.
        var layers = (config as JsonObject)?["layers"] as JsonArray ?? config as JsonArray
            ?? throw new ArgumentException("The model config's Sequential has no list of layers.");
        if ((config as JsonObject)?["trainable"] is JsonValue t && t.TryGetValue<bool>(out bool trainable) && !trainable)
            throw new ArgumentException("The model config's Sequential is not trainable, which KerasSharp does not support.");
        var result = new Sequential(name: name);
        foreach (var node in layers) result.Add(Layer(node as JsonObject ?? throw new ArgumentException($"A layer in the model config is not an object: {node?.ToJsonString() ?? "null"}.")));
        return result;
    }

    /// <summary>One layer of a model config, or a model nested as a layer.</summary>
    private static Layer Layer(JsonObject entry)
    {
        string className = Text(entry, "class_name", "a layer");
        if (className is "Sequential" or "Model" or "Functional") return Build(entry);
        return LayerRegistry.FromConfig(className, entry["config"] as JsonObject
            ?? throw new ArgumentException($"The model config's {className} layer has no config object."));
    }

    /// <summary>
    /// A functional model, as Keras's <c>Network.from_config</c>: every layer made first, then each layer's calls made in
    /// the order of the layers, a call whose inputs do not exist yet put off until they do (a layer shared at several
    /// depths); then the model from its input and output layers.
    /// </summary>
    private static BaseModel FunctionalFromConfig(JsonObject config)
    {
        var entries = (config["layers"] as JsonArray ?? throw new ArgumentException("The functional model's config has no list of layers."))
            .Select(e => e as JsonObject ?? throw new ArgumentException($"A layer in the model config is not an object: {e?.ToJsonString() ?? "null"}.")).ToList();
        var created = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var pending = new List<(Layer Layer, List<(string Layer, int Node, int Tensor)> Inputs)>();
        foreach (var entry in entries)
        {
            string layerName = entry["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : Name(entry["config"] as JsonObject)
                ?? throw new ArgumentException("A layer in the functional model's config has no name.");
            var layer = Text(entry, "class_name", $"layer '{layerName}'") == "InputLayer" ? InputFromConfig(entry) : Layer(entry);
            if (!created.TryAdd(layerName, layer)) throw new ArgumentException($"The functional model's config names two layers '{layerName}'.");
            foreach (var node in entry["inbound_nodes"] as JsonArray ?? new JsonArray())
                pending.Add((layer, NodeInputs(node, layerName)));
        }

        while (pending.Count > 0)
        {
            int before = pending.Count;
            foreach (var call in pending.ToList())
            {
                var inputs = new List<KerasTensor>();
                foreach (var (inputLayer, node, tensor) in call.Inputs)
                {
                    if (!created.TryGetValue(inputLayer, out var source))
                        throw new ArgumentException($"Layer '{call.Layer.Name}' takes the output of '{inputLayer}', which the model config does not have.");
                    if (node >= source.InboundNodes.Count) break;
                    var outputs = source.InboundNodes[node].Outputs;
                    if (tensor < 0 || tensor >= outputs.Count) throw new ArgumentException($"Layer '{call.Layer.Name}' takes output {tensor} of '{inputLayer}', which makes {outputs.Count}.");
                    inputs.Add(outputs[tensor]);
                }
                if (inputs.Count < call.Inputs.Count) continue;
                call.Layer.ApplyIn(inputs, Backend.Device, Session.Current.Random);
                pending.Remove(call);
            }
            if (pending.Count == before)
                throw new ArgumentException($"The functional model's config has calls whose inputs never exist (layer '{pending[0].Layer.Name}'): it is damaged.");
        }

        KerasTensor Find(JsonNode? reference, string what)
        {
            var (layerName, node, tensor) = Reference(reference, what);
            if (!created.TryGetValue(layerName, out var layer) || node >= layer.InboundNodes.Count || tensor >= layer.InboundNodes[node].Outputs.Count)
                throw new ArgumentException($"The functional model's {what} names {reference!.ToJsonString()}, which the config does not make.");
            return layer.InboundNodes[node].Outputs[tensor];
        }
        return new Model(References(config["input_layers"], "input_layers").Select(r => Find(r, "input_layers")).ToList(),
            References(config["output_layers"], "output_layers").Select(r => Find(r, "output_layers")).ToList(), Name(config));
    }

    /// <summary>An InputLayer of a functional config, made with its symbolic input (its one call), as Keras's InputLayer makes it.</summary>
    private static InputLayer InputFromConfig(JsonObject entry)
    {
        var made = (InputLayer)LayerRegistry.FromConfig("InputLayer", entry["config"] as JsonObject ?? throw new ArgumentException("An InputLayer in the model config has no config object."));
        _ = new Input(made);
        return made;
    }

    /// <summary>The inputs of one call: Keras 2's <c>[[layer, node, tensor, kwargs], ...]</c> or Keras 3's <c>{"args": [...], "kwargs": {...}}</c>.</summary>
    private static List<(string, int, int)> NodeInputs(JsonNode? node, string layer)
    {
        if (node is JsonObject keras3)
        {
            if (keras3["kwargs"] is JsonObject kwargs) CheckCallArguments(kwargs, layer);
            var args = keras3["args"] as JsonArray ?? throw new ArgumentException($"A call of layer '{layer}' in the model config has no args.");
            var tensors = args.Count == 1 && args[0] is JsonArray list ? list : args;
            return tensors.Select(t => t is JsonObject { } tensor && tensor["config"]?["keras_history"] is { } history
                ? Reference(history, $"a call of layer '{layer}'")
                : throw new ArgumentException($"A call of layer '{layer}' in the model config takes {t?.ToJsonString() ?? "null"}, which is not a Keras tensor.")).ToList();
        }
        if (node is not JsonArray inputs) throw new ArgumentException($"A call of layer '{layer}' in the model config is neither a list nor an object: {node?.ToJsonString() ?? "null"}.");
        return inputs.Select(i =>
        {
            if (i is JsonArray { Count: 4 } withArguments && withArguments[3] is JsonObject kwargs) CheckCallArguments(kwargs, layer);
            return Reference(i, $"a call of layer '{layer}'");
        }).ToList();
    }

    /// <summary>Keyword arguments of a recorded call: only those that change nothing at inference are accepted.</summary>
    private static void CheckCallArguments(JsonObject kwargs, string layer)
    {
        foreach (var (key, value) in kwargs)
            if (!(key is "training" or "mask" && value is null or JsonValue))
                throw new ArgumentException($"A call of layer '{layer}' in the model config passes {key}={value?.ToJsonString() ?? "null"}, which KerasSharp does not support.");
    }

    private static (string Layer, int Node, int Tensor) Reference(JsonNode? node, string what)
    {
        if (node is JsonArray { Count: >= 3 } r && r[0] is JsonValue l && l.TryGetValue<string>(out var layer)
            && r[1] is JsonValue n && n.TryGetValue<int>(out int index) && index >= 0 && r[2] is JsonValue t && t.TryGetValue<int>(out int tensor) && tensor >= 0)
            return (layer, index, tensor);
        throw new ArgumentException($"The model config's {what} has {node?.ToJsonString() ?? "null"} where a [layer name, call, output] reference belongs.");
    }

    /// <summary>input_layers or output_layers: a list of references, or one reference (as Keras 3 writes a single input).</summary>
    private static IEnumerable<JsonNode?> References(JsonNode? node, string what) => node switch
    {
        JsonArray { Count: > 0 } list when list[0] is JsonValue => new[] { list },
        JsonArray { Count: > 0 } list => list,
        _ => throw new ArgumentException($"The functional model's config has no {what}."),
    };

    private static string? Name(JsonObject? config) => config?["name"] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var n) => n,
        var other => throw new ArgumentException($"The model config's name {other.ToJsonString()} is not a string."),
    };

    private static string Text(JsonObject node, string key, string what) => node[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => throw new ArgumentException($"The model config's {what} has no {key}; it should come from Keras's model.to_json()."),
        var other => throw new ArgumentException($"The model config's {what} has {key} {other.ToJsonString()}, which is not a string."),
    };
}
