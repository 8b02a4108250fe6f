using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;

namespace Keras.Saving;

/// <summary>
/// Keras's layer deserialization: a layer's <c>class_name</c> to the <c>FromConfig</c> of the class that reads its
/// config, as Keras's <c>layers.deserialize</c> looks classes up by name. The arguments every layer shares (name,
/// trainable, dtype policy, batch_input_shape and Keras 3's extras) are read here once.
/// </summary>
internal static class LayerRegistry
{
    private static readonly Dictionary<string, Func<LayerArguments, Shape?, string?, Layer>> Known = new()
    {
        ["InputLayer"] = InputLayer.FromConfig,
        ["Conv2D"] = Conv2D.FromConfig,
        ["Dense"] = Dense.FromConfig,
        ["MaxPooling2D"] = MaxPooling2D.FromConfig,
        ["Dropout"] = Dropout.FromConfig,
        ["Flatten"] = Flatten.FromConfig,
        ["Activation"] = Activation.FromConfig,
        ["BatchNormalization"] = BatchNormalization.FromConfig,
        ["Concatenate"] = Concatenate.FromConfig,
        ["Add"] = Add.FromConfig,
        ["Subtract"] = Subtract.FromConfig,
        ["Multiply"] = Multiply.FromConfig,
        ["Average"] = Average.FromConfig,
        ["Maximum"] = Maximum.FromConfig,
        ["Minimum"] = Minimum.FromConfig,
        ["GlobalAveragePooling2D"] = GlobalAveragePooling2D.FromConfig,
        ["GlobalMaxPooling2D"] = GlobalMaxPooling2D.FromConfig,
        ["AveragePooling2D"] = AveragePooling2D.FromConfig,
        ["ZeroPadding2D"] = ZeroPadding2D.FromConfig,
        ["Reshape"] = Reshape.FromConfig,
        ["Embedding"] = Embedding.FromConfig,
        ["Conv1D"] = Conv1D.FromConfig,
        ["MaxPooling1D"] = MaxPooling1D.FromConfig,
        ["AveragePooling1D"] = AveragePooling1D.FromConfig,
        ["GlobalMaxPooling1D"] = GlobalMaxPooling1D.FromConfig,
        ["GlobalAveragePooling1D"] = GlobalAveragePooling1D.FromConfig,
        ["SimpleRNN"] = SimpleRNN.FromConfig,
        ["LSTM"] = LSTM.FromConfig,
        ["GRU"] = GRU.FromConfig,
        ["RepeatVector"] = RepeatVector.FromConfig,
        ["TimeDistributed"] = TimeDistributed.FromConfig,
        ["Bidirectional"] = Bidirectional.FromConfig,
    };

    /// <summary>Keras's aliases for layer classes (Keras 2's legacy names).</summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["Convolution2D"] = "Conv2D",
        ["MaxPool2D"] = "MaxPooling2D",
        ["AvgPool2D"] = "AveragePooling2D",
        ["GlobalAvgPool2D"] = "GlobalAveragePooling2D",
        ["GlobalMaxPool2D"] = "GlobalMaxPooling2D",
        ["Convolution1D"] = "Conv1D",
        ["MaxPool1D"] = "MaxPooling1D",
        ["AvgPool1D"] = "AveragePooling1D",
        ["GlobalMaxPool1D"] = "GlobalMaxPooling1D",
        ["GlobalAvgPool1D"] = "GlobalAveragePooling1D",
    };

    /// <summary>The class names KerasSharp reads, for messages.</summary>
    public static IEnumerable<string> Names => Known.Keys.Concat(new[] { "Sequential", "Model", "Functional" });

    /// <summary>Builds one layer from its <c>class_name</c> and config (not yet applied to anything).</summary>
    public static Layer FromConfig(string className, JsonObject config)
    {
        className = Aliases.GetValueOrDefault(className, className);
        if (!Known.TryGetValue(className, out var make))
            throw new ArgumentException($"The model config has a {className} layer, which KerasSharp does not have. Layers it has: {string.Join(", ", Names)}.");
        var args = new LayerArguments(className, config);
        args.Optional("trainable", v => v is JsonValue t && t.TryGetValue<bool>(out bool b) ? (b ? null : "layers that are not trainable are not supported") : $"{v.ToJsonString()} is not a boolean");
        // A dtype policy: a string, or an object as tf.keras ("Policy") and Keras 3.4+ ("DTypePolicy") write it.
        string? policy = null;
        args.Optional("dtype", v => (v is JsonObject named ? named["config"]?["name"] : v) is JsonValue value && value.TryGetValue<string>(out policy)
            && policy is "float32" or "mixed_bfloat16" ? null : $"dtype {v.ToJsonString()} is not supported (float32 and mixed_bfloat16 are)");
        foreach (string keras3 in new[] { "lora_rank", "lora_alpha", "quantization_config" })
            args.Optional(keras3, _ => $"{keras3} is not supported");
        args.Optional("batch_size", _ => "a fixed batch size is not supported");
        Shape? inputShape = (args.Take("batch_input_shape") ?? args.Take("batch_shape")) switch
        {
            null => null,
            JsonArray { Count: > 1 } batch => args.SizesOf("batch_input_shape", batch.Skip(1)),
            var other => throw args.Error("batch_input_shape", $"{other.ToJsonString()} is not a list of a batch size and sizes"),
        };
        string? name = args.Take("name") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var n) => n,
            var other => throw args.Error("name", $"{other.ToJsonString()} is not a string"),
        };
        var layer = make(args, inputShape, name);
        args.RequireAllUsed();
        if (policy is not null) layer.DtypePolicy = new Policy(policy);
        return layer;
    }
}
