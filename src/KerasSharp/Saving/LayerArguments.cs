using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;

namespace Keras.Saving;

/// <summary>
/// One layer's config, read key by key as each layer's <c>FromConfig</c> takes what it knows, so that a key nobody took
/// can be reported: an argument KerasSharp does not support, or a value other than Keras's default for one it supports
/// only at that default, is an error that names the layer and the argument, never silently dropped. Values are read as
/// Keras reads them: strings it normalises (padding, data_format) in any case; a JSON value of the wrong kind is an
/// <see cref="ArgumentException"/> naming the field, never a raw JSON error.
/// </summary>
internal sealed class LayerArguments
{
    private readonly JsonObject _config;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public LayerArguments(string className, JsonObject config)
    {
        ClassName = className;
        _config = config;
    }

    /// <summary>The layer's class, as the config names it.</summary>
    public string ClassName { get; }

    /// <summary>The layer's name as the config gives it, for messages.</summary>
    public string LayerName => _config["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : "?";

    /// <summary>Whether the config names the argument at all (a JSON null included).</summary>
    public bool Has(string key) => _config.ContainsKey(key);

    public JsonNode? Take(string key)
    {
        _used.Add(key);
        return _config[key];
    }

    public ArgumentException Error(string key, string why) =>
        new($"The model config's {ClassName} layer '{LayerName}' has argument '{key}', which KerasSharp cannot honour: {why}.");

    /// <summary>Checks an argument KerasSharp accepts only at Keras's default: <paramref name="check"/> returns why another value is refused.</summary>
    public void Optional(string key, Func<JsonNode, string?> check)
    {
        if (Take(key) is JsonNode value && check(value) is string why) throw Error(key, why);
    }

    /// <summary>An argument that may only be absent, null or false; <paramref name="why"/> says why another value is refused.</summary>
    public void Unsupported(string key, string why)
    {
        if (Take(key) is JsonNode value && !(value is JsonValue v && v.TryGetValue<bool>(out bool b) && !b)) throw Error(key, why);
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

    /// <summary>An int or a list of ints (an axis argument), absent as <paramref name="fallback"/>.</summary>
    public int[] Ints(string key, int[] fallback) => Take(key) switch
    {
        null => fallback,
        JsonArray list => list.Select(a => a is null ? throw Error(key, "null is not an integer") : Get<int>(key, a)).ToArray(),
        var single => new[] { Get<int>(key, single) },
    };

    /// <summary>padding, lower-cased as Keras's <c>normalize_padding</c> does.</summary>
    public string Padding(string fallback = "valid") => String("padding", fallback).ToLowerInvariant();

    /// <summary>data_format: channels_last only (Keras's images here); any case, absent or null accepted.</summary>
    public void ChannelsLast() => Optional("data_format", v => v is JsonValue text && text.TryGetValue<string>(out var f) && f.ToLowerInvariant() == "channels_last"
        ? null : $"data_format {v.ToJsonString()} is not supported (channels_last only)");

    /// <summary>An activation: its name, or Keras 3's serialized function (<c>{"class_name": "function", "config": "relu"}</c>); <paramref name="fallback"/> when absent.</summary>
    public string Activation(string key = "activation", string fallback = "linear") => Take(key) switch
    {
        null => fallback,
        JsonValue text when text.TryGetValue<string>(out var name) => name,
        JsonObject { } function when function["config"] is JsonValue inner && inner.TryGetValue<string>(out var name) => name,
        var other => throw Error(key, $"{other.ToJsonString()} is not an activation name"),
    };

    /// <summary>An initializer from its name or serialized form; null when absent (the layer's default).</summary>
    public Initializer? Initializer(string key)
    {
        var node = Take(key);
        try
        {
            return node is null ? null : Initializers.Initializer.FromConfig(node);
        }
        catch (ArgumentException e)
        {
            throw Error(key, e.Message.TrimEnd('.'));
        }
    }

    /// <summary>A constraint from its serialized form; null when absent or null.</summary>
    public Constraint? Constraint(string key)
    {
        var node = Take(key);
        try
        {
            return node is null ? null : Constraints.Constraint.FromConfig(node);
        }
        catch (ArgumentException e)
        {
            throw Error(key, e.Message.TrimEnd('.'));
        }
    }

    /// <summary>Regularizers are not supported: each key given must be absent or null.</summary>
    public void NoRegularizers(params string[] keys)
    {
        foreach (string key in keys) Optional(key, _ => $"{key} is not supported");
    }

    private T Get<T>(string key, JsonNode node)
    {
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw Error(key, $"{node.ToJsonString()} is not a {typeof(T).Name.ToLowerInvariant() switch { "int32" => "integer", "double" => "number", "boolean" => "boolean", var t => t }}");
        }
    }

    public void RequireAllUsed()
    {
        foreach (var (key, _) in _config)
            if (!_used.Contains(key))
                throw Error(key, "KerasSharp's layer has no such argument");
    }
}
