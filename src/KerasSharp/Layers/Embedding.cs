using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>Embedding</c>: turns indices (0 to input_dim - 1) into vectors of output_dim, rows of its
/// <c>embeddings</c> weight (input_dim, output_dim), (timesteps) to (timesteps, output_dim). Indices may come as floats,
/// as Keras takes them; an index outside the table is an error naming it. With <c>mask_zero</c> the output carries a mask
/// (index 0 is padding), which the layers after it hand on and recurrent layers honour, as in Keras.
/// </summary>
public sealed class Embedding : Layer
{
    private readonly Initializer _initializer;
    private Weight? _embeddings;

    /// <summary>A lookup table of vectors.</summary>
    /// <param name="input_dim">The number of indices: the vocabulary's size.</param>
    /// <param name="output_dim">The size of each vector.</param>
    /// <param name="embeddings_initializer">How the table starts; Keras 2.2's <c>uniform</c> (±0.05) by default.</param>
    /// <param name="embeddings_constraint">A constraint on the table after each update.</param>
    /// <param name="mask_zero">Whether index 0 is padding: the output carries a mask, false at index 0, and recurrent layers skip those steps.</param>
    /// <param name="input_length">The length of the sequences, as Keras's input_length: the same as <c>input_shape: length</c>.</param>
    /// <param name="input_shape">The shape of one sample of indices; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>embedding_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Embedding(int input_dim, int output_dim, Initializer? embeddings_initializer = null, Constraint? embeddings_constraint = null,
        bool mask_zero = false, int? input_length = null, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(name, input_shape ?? (input_length is int length ? new Shape(length) : null), dtype)
    {
        if (input_dim <= 0 || output_dim <= 0) throw new ArgumentException($"Embedding needs positive input_dim and output_dim; got {input_dim} and {output_dim}.");
        if (input_length is int n && input_shape is not null && !input_shape.Equals(new Shape(n)))
            throw new ArgumentException($"Embedding got input_length={n} and input_shape={input_shape}; give one of them.");
        (InputDim, OutputDim, InputLength, MaskZero) = (input_dim, output_dim, input_length, mask_zero);
        _initializer = embeddings_initializer ?? new RandomUniform();
        EmbeddingsConstraint = embeddings_constraint;
    }

    /// <summary>The number of indices.</summary>
    public int InputDim { get; }
    /// <summary>The size of each vector.</summary>
    public int OutputDim { get; }
    /// <summary>The sequences' length, if declared.</summary>
    public int? InputLength { get; }
    /// <summary>Whether index 0 is padding: the layer's output carries a mask that is false there, which recurrent layers skip.</summary>
    public bool MaskZero { get; }
    /// <summary>The table's constraint, if any.</summary>
    public Constraint? EmbeddingsConstraint { get; }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        _embeddings = AddWeight("embeddings", (InputDim, OutputDim), _initializer, device, constraint: EmbeddingsConstraint);
        return new Shape(inputShape.Dims.Append(OutputDim).ToArray());
    }

    /// <summary>Keras's Embedding mask: the indices that are not 0, with mask_zero; none otherwise.</summary>
    internal override IReadOnlyList<Tensor?> ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        new[] { MaskZero ? inputs[0].ne(0) : null };

    // Indices stay as they come, as tf.keras's Embedding does not autocast: bfloat16 would round those above 256.
    internal override Tensor Autocast(Tensor inputs) => inputs;

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        using var indices = inputs.to_type(ScalarType.Int64);
        if (indices.numel() > 0)
        {
            long low = indices.min().item<long>(), high = indices.max().item<long>();
            if (low < 0 || high >= InputDim)
                throw new ArgumentException($"Layer '{Name}' (Embedding): index {(low < 0 ? low : high)} is outside its table of {InputDim} (0 to {InputDim - 1}); raise input_dim or check the data.");
        }
        var table = Computed(_embeddings!, context);
        return table.index_select(0, indices.flatten()).reshape(indices.shape.Append(OutputDim).ToArray());
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        config["embeddings_initializer"] = _initializer.GetConfig();
        config["embeddings_regularizer"] = null;
        config["activity_regularizer"] = null;
        config["embeddings_constraint"] = EmbeddingsConstraint?.GetConfig();
        config["mask_zero"] = MaskZero;
        config["input_length"] = InputLength;
    }

    internal static Embedding FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.Optional("sparse", v => v is JsonValue s && s.TryGetValue<bool>(out bool b) && !b ? null : "sparse gradients are not supported");
        int? length = args.Take("input_length") switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out int n) => n,
            var other => throw args.Error("input_length", $"{other.ToJsonString()} is not a length"),
        };
        var layer = new Embedding(args.Int("input_dim"), args.Int("output_dim"), args.Initializer("embeddings_initializer"), args.Constraint("embeddings_constraint"),
            args.Bool("mask_zero", false), inputShape is null ? length : null, inputShape, name);
        args.NoRegularizers("embeddings_regularizer", "activity_regularizer");
        return layer;
    }
}
