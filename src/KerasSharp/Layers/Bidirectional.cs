using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>Bidirectional</c>: a recurrent layer run forwards and a copy of it run backwards (<c>forward_</c> and
/// <c>backward_</c> its name), their outputs merged by merge_mode: <c>concat</c> (the default), <c>sum</c>, <c>mul</c>,
/// <c>ave</c>, or null for both outputs apart. With return_sequences the backward outputs are turned back into time
/// order before merging, as Keras does; with return_state the forward states follow the output, then the backward ones.
/// </summary>
public sealed class Bidirectional : Layer
{
    private static readonly string?[] MergeModes = { "concat", "sum", "mul", "ave", null };

    /// <summary>Runs <paramref name="layer"/> both ways.</summary>
    /// <param name="layer">A recurrent layer, not yet applied to anything; its config makes both directions.</param>
    /// <param name="merge_mode"><c>concat</c>, <c>sum</c>, <c>mul</c>, <c>ave</c>, or null for the two outputs apart.</param>
    /// <param name="input_shape">(timesteps, features); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>bidirectional_1</c>...</param>
    public Bidirectional(Recurrent layer, string? merge_mode = "concat", Shape? input_shape = null, string? name = null)
        : base(name, input_shape, layer?.DtypePolicy.Name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Built) throw new ArgumentException($"Bidirectional takes a layer that is not applied yet; '{layer.Name}' is.");
        if (!MergeModes.Contains(merge_mode)) throw new ArgumentException($"merge_mode must be 'concat', 'sum', 'mul', 'ave' or null; got '{merge_mode}'.");
        MergeMode = merge_mode;
        var config = layer.GetConfig();
        Forward = Copy(layer, config, "forward_" + layer.Name, layer.GoBackwards);
        Backward = Copy(layer, config, "backward_" + layer.Name, !layer.GoBackwards);
        Forward.WeightScope = $"{Name}/{Forward.Name}";
        Backward.WeightScope = $"{Name}/{Backward.Name}";
    }

    /// <summary>How the two directions' outputs are merged; null for apart.</summary>
    public string? MergeMode { get; }
    /// <summary>The layer run forwards.</summary>
    public Recurrent Forward { get; }
    /// <summary>The layer run backwards.</summary>
    public Recurrent Backward { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Weight> Weights => Forward.Weights.Concat(Backward.Weights).ToList();

    private static Recurrent Copy(Recurrent layer, JsonObject config, string name, bool backwards)
    {
        var copy = (JsonObject)config.DeepClone();
        copy["name"] = name;
        copy["go_backwards"] = backwards;
        copy.Remove("batch_input_shape");
        var made = (Recurrent)Saving.LayerRegistry.FromConfig(layer.GetType().Name, copy);
        // A config names only a mixed policy: without this, a float32 layer's copies would take a mixed global one.
        made.DtypePolicy = layer.DtypePolicy;
        return made;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Shape> Build(IReadOnlyList<Shape> inputShapes, Device device)
    {
        if (inputShapes.Count != 1) throw new ArgumentException($"Layer '{Name}' (Bidirectional) takes one sequence; it was applied to {inputShapes.Count} tensors.");
        Forward.EnsureBuilt(inputShapes, device, BuildRandom);
        Backward.EnsureBuilt(inputShapes, device, BuildRandom);
        var output = Forward.OutputShapes[0];
        var states = Forward.OutputShapes.Skip(1).Concat(Backward.OutputShapes.Skip(1));
        var merged = MergeMode switch
        {
            null => new[] { output, output },
            "concat" => new[] { new Shape(output.Dims.Take(output.Rank - 1).Append(2 * output[-1]).ToArray()) },
            _ => new[] { output },
        };
        return merged.Concat(states).ToList();
    }

    // The wrapped layer's cast, which both directions share.
    internal override Tensor Autocast(Tensor inputs) => Forward.Autocast(inputs);

    internal override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) =>
        Run(inputs, new Tensor?[] { null }, context).Outputs;

    /// <summary>Both directions read the same mask (the backward one from its end, as its steps); the output keeps it with return_sequences.</summary>
    internal override (IReadOnlyList<Tensor> Outputs, IReadOnlyList<Tensor?> Masks) Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, CallContext context)
    {
        var forward = Forward.Run(inputs, masks, context).Outputs;
        var backward = Backward.Run(inputs, masks, context).Outputs;
        var (y, yBack) = (forward[0], backward[0]);
        if (Forward.ReturnSequences) yBack = yBack.flip(1);
        var merged = MergeMode switch
        {
            null => new[] { y, yBack },
            "concat" => new[] { cat(new[] { y, yBack }, -1) },
            "sum" => new[] { y + yBack },
            "mul" => new[] { y * yBack },
            _ => new[] { (y + yBack) / 2 },
        };
        var outputs = merged.Concat(forward.Skip(1)).Concat(backward.Skip(1)).ToList();
        return (outputs, outputs.Select((_, k) => k < merged.Length && Forward.ReturnSequences ? masks[0] : null).ToList());
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["layer"] = new JsonObject { ["class_name"] = Forward.GetType().Name, ["config"] = Unprefixed(Forward.GetConfig()) };
        config["merge_mode"] = MergeMode;
    }

    // Keras writes the layer as given, under its own name, not the forward copy's.
    private static JsonObject Unprefixed(JsonObject config)
    {
        config["name"] = config["name"]!.GetValue<string>()["forward_".Length..];
        return config;
    }

    internal static Bidirectional FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        string? mergeMode = !args.Has("merge_mode") ? "concat" : args.Take("merge_mode") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var m) => m,
            var other => throw args.Error("merge_mode", $"{other.ToJsonString()} is not a merge mode"),
        };
        args.Optional("backward_layer", _ => "a separately configured backward layer is not supported");
        return TimeDistributed.Wrapped(args) is Recurrent layer
            ? new Bidirectional(layer, mergeMode, inputShape, name)
            : throw args.Error("layer", "Bidirectional wraps a recurrent layer (SimpleRNN, LSTM, GRU)");
    }
}
