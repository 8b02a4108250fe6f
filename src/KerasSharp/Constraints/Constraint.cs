using System.Text.Json.Nodes;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Constraints;

/// <summary>Projects a weight back onto an allowed set after each optimizer update.</summary>
public abstract class Constraint
{
    private static readonly NameRegistry<Constraint> Known = new("constraint", new()
    {
        ["max_norm"] = () => new MaxNorm(),
        ["maxnorm"] = () => new MaxNorm(),
        ["MaxNorm"] = () => new MaxNorm(),
    });

    /// <summary>The constrained value of a weight given in Keras's layout.</summary>
    /// <param name="w">The weight's value in Keras's layout.</param>
    /// <returns>The constrained value.</returns>
    public abstract Tensor Apply(Tensor w);

    /// <summary>The constraint as Keras 2.2 serializes it: <c>{"class_name": ..., "config": {...}}</c>.</summary>
    internal virtual JsonObject GetConfig() =>
        throw new NotSupportedException($"The constraint {GetType().Name} has no Keras config; use one of Keras's.");

    /// <summary>A constraint from a model config: a name, or <c>{"class_name", "config"}</c> in any Keras generation's form.</summary>
    internal static Constraint FromConfig(JsonNode node)
    {
        if (node is JsonValue text && text.TryGetValue<string>(out var name)) return Get(name);
        if (node is not JsonObject serialized || serialized["class_name"] is not JsonValue classValue || !classValue.TryGetValue<string>(out var className))
            throw new ArgumentException($"{node.ToJsonString()} is not a constraint (a name, or an object with a class_name)");
        if (className is not ("MaxNorm" or "max_norm" or "maxnorm")) throw new ArgumentException($"the constraint {className} is not supported (MaxNorm is)");
        var config = serialized["config"] as JsonObject ?? new JsonObject();
        int[] axis = config["axis"] switch
        {
            JsonArray list => list.Select(a => a is JsonValue v && v.TryGetValue<int>(out int i) ? i : throw new ArgumentException($"MaxNorm axis {list.ToJsonString()} is not a list of integers")).ToArray(),
            JsonValue single when single.TryGetValue<int>(out int i) => new[] { i },
            null => new[] { 0 },
            var other => throw new ArgumentException($"MaxNorm axis {other.ToJsonString()} is not an integer"),
        };
        double maxValue = config["max_value"] switch
        {
            null => 2,
            JsonValue v when v.TryGetValue<double>(out double d) => d,
            var other => throw new ArgumentException($"MaxNorm max_value {other.ToJsonString()} is not a number"),
        };
        return new MaxNorm(maxValue, axis);
    }

    /// <summary>The constraint with a Keras name, with its default arguments.</summary>
    /// <param name="name"><c>"maxnorm"</c> or <c>"max_norm"</c>.</param>
    /// <returns>A new constraint.</returns>
    public static Constraint Get(string name) => Known.Get(name);

    /// <summary>Lets a Keras name stand for a constraint, as in Python: <c>kernel_constraint: "max_norm"</c>.</summary>
    /// <param name="name">The constraint's Keras name.</param>
    public static implicit operator Constraint(string name) => Get(name);
}
