using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>TimeDistributed</c>: one layer applied to every step of a sequence with the same weights, (timesteps, ...)
/// to (timesteps, the layer's output), as a Dense over each step of a decoder's output.
/// </summary>
public sealed class TimeDistributed : Layer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    /// <summary>Applies <paramref name="layer"/> to every step.</summary>
    /// <param name="layer">The layer, not yet applied to anything.</param>
    /// <param name="input_shape">(timesteps, ...); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>time_distributed_1</c>...</param>
    public TimeDistributed(Layer layer, Shape? input_shape = null, string? name = null) : base(name, input_shape, layer?.DtypePolicy.Name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Built || layer is Models.BaseModel) throw new ArgumentException($"TimeDistributed takes a layer that is not applied yet; '{layer.Name}' is.");
        Inner = layer;
        Inner.WeightScope = Name;
    }

    /// <summary>The layer applied to every step.</summary>
    public Layer Inner { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Weight> Weights => Inner.Weights;

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        if (inputShape.Rank < 2)
            throw new ArgumentException($"Layer '{Name}' (TimeDistributed) takes sequences (timesteps, ...); it was applied to {inputShape.ToBatchString()}.");
        Inner.EnsureBuilt(new[] { new Shape(inputShape.Dims.Skip(1).ToArray()) }, device, BuildRandom);
        return new Shape(new[] { inputShape[0] }.Concat(Inner.OutputShape.Dims).ToArray());
    }

    // The wrapped layer's own cast, the only one: an Embedding's indices must reach it uncast.
    internal override Tensor Autocast(Tensor inputs) => Inner.Autocast(inputs);

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        // The steps are Keras's axis 1: a rank-4 batch comes, and must go, in the engine's image layout.
        var x = Layout.ToKeras(inputs);
        long batch = x.shape[0], steps = x.shape[1];
        // Every step of every sample as one batch of the inner layer, in its engine layout (images channels-first views).
        var steps_ = Layout.ToEngine(x.reshape(new[] { batch * steps }.Concat(x.shape.Skip(2)).ToArray()));
        var y = Layout.ToKeras(Inner.Call(new[] { steps_ }, context)[0]);
        return Layout.ToEngine(y.reshape(new[] { batch, steps }.Concat(y.shape.Skip(1)).ToArray()));
    }

    private protected override void AddConfig(JsonObject config) =>
        config["layer"] = new JsonObject { ["class_name"] = Inner.GetType().Name, ["config"] = Inner.GetConfig() };

    internal static TimeDistributed FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) =>
        new(Wrapped(args), inputShape, name);

    /// <summary>The layer a wrapper's config holds under "layer".</summary>
    internal static Layer Wrapped(Saving.LayerArguments args) => args.Take("layer") is JsonObject { } wrapped
        && wrapped["class_name"] is JsonValue c && c.TryGetValue<string>(out var className) && wrapped["config"] is JsonObject config
        ? Saving.LayerRegistry.FromConfig(className, (JsonObject)config.DeepClone())
        : throw args.Error("layer", "it must be a layer's {\"class_name\", \"config\"}");
}
