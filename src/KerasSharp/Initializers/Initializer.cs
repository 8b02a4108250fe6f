using System.Text.Json.Nodes;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Makes a layer's initial weights. A string such as <c>"glorot_uniform"</c> converts to one.</summary>
public abstract class Initializer
{
    private static readonly NameRegistry<Initializer> Known = new("initializer", new()
    {
        ["glorot_uniform"] = () => new GlorotUniform(),
        ["glorot_normal"] = () => new GlorotNormal(),
        ["he_uniform"] = () => new HeUniform(),
        ["he_normal"] = () => new HeNormal(),
        ["zeros"] = () => new Zeros(),
        ["zero"] = () => new Zeros(),
        ["ones"] = () => new Ones(),
        ["one"] = () => new Ones(),
        ["constant"] = () => new Constant(),
        ["lecun_uniform"] = () => new LecunUniform(),
        ["lecun_normal"] = () => new LecunNormal(),
        ["uniform"] = () => new RandomUniform(),
        ["random_uniform"] = () => new RandomUniform(),
        ["normal"] = () => new RandomNormal(),
        ["random_normal"] = () => new RandomNormal(),
        ["truncated_normal"] = () => new TruncatedNormal(),
        ["orthogonal"] = () => new Orthogonal(),
        ["identity"] = () => new Identity(),
    });

    /// <summary>A float32 CPU tensor of the given Keras shape.</summary>
    /// <param name="shape">The weight's shape in Keras's layout.</param>
    /// <param name="generator">The CPU generator to draw from; libtorch's global one when null. Layers pass their model's.</param>
    public abstract Tensor Generate(Shape shape, Generator? generator = null);

    /// <summary>The initializer with a Keras name.</summary>
    /// <param name="name">
    /// Keras 2.2's names: <c>glorot_uniform</c>, <c>glorot_normal</c>, <c>he_uniform</c>, <c>he_normal</c>, <c>lecun_uniform</c>,
    /// <c>lecun_normal</c>, <c>uniform</c> / <c>random_uniform</c>, <c>normal</c> / <c>random_normal</c> (both with Keras 2.2's
    /// 0.05 scale), <c>truncated_normal</c>, <c>orthogonal</c>, <c>identity</c>, <c>zeros</c>, <c>ones</c>, <c>constant</c>.
    /// </param>
    /// <returns>A new initializer.</returns>
    public static Initializer Get(string name) => Known.Get(name);

    /// <summary>Lets a Keras name stand for an initializer: <c>kernel_initializer: "he_normal"</c>.</summary>
    /// <param name="name">The initializer's Keras name.</param>
    public static implicit operator Initializer(string name) => Get(name);

    /// <summary>The initializer as Keras 2.2 serializes it: <c>{"class_name": ..., "config": {...}}</c>.</summary>
    internal virtual JsonObject GetConfig() =>
        throw new NotSupportedException($"The initializer {GetType().Name} has no Keras config; use one of Keras's.");

    /// <summary>
    /// An initializer from a model config: a name, or <c>{"class_name", "config"}</c> as Keras 2 and tf.keras write it,
    /// or with <c>module</c> and <c>registered_name</c> as Keras 3 does. Keras 2.2's "normal" VarianceScaling is Keras 3's
    /// "truncated_normal"; an initializer seed is refused (the session's seed seeds every layer).
    /// </summary>
    internal static Initializer FromConfig(JsonNode node)
    {
        if (node is JsonValue text && text.TryGetValue<string>(out var name)) return Get(name);
        if (node is not JsonObject serialized || serialized["class_name"] is not JsonValue classValue || !classValue.TryGetValue<string>(out var className))
            throw new ArgumentException($"{node.ToJsonString()} is not an initializer (a name, or an object with a class_name)");
        var config = serialized["config"] as JsonObject ?? new JsonObject();
        double Number(string k, double fallback) => config[k] is JsonValue n && n.TryGetValue<double>(out var d) ? d
            : config[k] is null ? fallback : throw new ArgumentException($"the initializer's {k} {config[k]!.ToJsonString()} is not a number");
        string Text(string k, string fallback) => config[k] is JsonValue t && t.TryGetValue<string>(out var v) ? v : fallback;
        if (config["seed"] is not null)
            throw new ArgumentException("an initializer seed is not supported (Util.SetRandomSeed seeds every layer)");
        return className switch
        {
            "VarianceScaling" => new VarianceScaling(Number("scale", 1), Text("mode", "fan_in"), Text("distribution", "normal") switch
            {
                "normal" or "truncated_normal" => "normal",
                "uniform" => "uniform",
                var other => throw new ArgumentException($"distribution '{other}' is not supported (truncated_normal and uniform are)"),
            }),
            "Constant" or "constant" => new Constant(Number("value", 0)),
            "RandomNormal" or "random_normal" or "normal" => new RandomNormal(Number("mean", 0), Number("stddev", 0.05)),
            "RandomUniform" or "random_uniform" or "uniform" => new RandomUniform(Number("minval", -0.05), Number("maxval", 0.05)),
            "TruncatedNormal" or "truncated_normal" => new TruncatedNormal(Number("mean", 0), Number("stddev", 0.05)),
            "Orthogonal" or "orthogonal" => new Orthogonal(Number("gain", 1)),
            "Identity" or "identity" => new Identity(Number("gain", 1)),
            _ => Known.TryGet(Backend.ToSnakeCase(className)) ?? throw new ArgumentException($"the initializer {className} is not supported"),
        };
    }

    /// <summary>Keras's fans: (in, out) for a matrix; in*rf and out*rf for a conv kernel (kh, kw, in, out).</summary>
    /// <param name="shape">A weight's shape in Keras's layout.</param>
    public static (double FanIn, double FanOut) ComputeFans(Shape shape)
    {
        if (shape.Rank == 2) return (shape[0], shape[1]);
        if (shape.Rank is >= 3 and <= 5)
        {
            double receptive = shape.Dims.Take(shape.Rank - 2).Aggregate(1.0, (a, b) => a * b);
            return (shape[-2] * receptive, shape[-1] * receptive);
        }
        double size = Math.Sqrt(shape.Size);
        return (size, size);
    }
}
