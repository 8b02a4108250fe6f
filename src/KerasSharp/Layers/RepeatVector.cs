using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Keras's <c>RepeatVector</c>: a vector repeated n times, (features) to (n, features), as seq2seq decoders take it.</summary>
public sealed class RepeatVector : Layer
{
    /// <summary>Repeats the input n times along a new time axis.</summary>
    /// <param name="n">How many times.</param>
    /// <param name="input_shape">(features); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>repeat_vector_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public RepeatVector(int n, Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype)
    {
        if (n <= 0) throw new ArgumentException($"RepeatVector's n must be positive; got {n}.");
        N = n;
    }

    /// <summary>How many times the input is repeated.</summary>
    public int N { get; }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape.Rank == 1 ? new Shape(N, inputShape[0])
        : throw new ArgumentException($"Layer '{Name}' (RepeatVector) repeats vectors (features); it was applied to {inputShape.ToBatchString()}.");

    internal override Tensor Call(Tensor inputs, CallContext context) => inputs.unsqueeze(1).expand(-1, N, -1);

    private protected override void AddConfig(JsonObject config) => config["n"] = N;

    internal static RepeatVector FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name) => new(args.Int("n"), inputShape, name);
}
