using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Inverted dropout: while training, zeroes a fraction <c>rate</c> of inputs and scales the rest by 1/(1 - rate).
/// The mask is drawn from the model's generator: as libtorch's dropout draws it in float32; under the mixed_bfloat16
/// policy on the CPU from a SplitMix64 stream seeded from that generator, as libtorch's draws one number at a time on
/// non-Intel CPUs.
/// </summary>
public sealed class Dropout : Layer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    /// <summary>Sets a fraction of its inputs to 0 at random during training, scaling the rest by 1 / (1 - rate); does nothing at test time.</summary>
    /// <param name="rate">The fraction of inputs to drop, in [0, 1).</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public Dropout(double rate, Shape? input_shape = null, string? name = null, string? dtype = null) : base(name, input_shape, dtype)
    {
        if (rate < 0 || rate >= 1) throw new ArgumentException($"Dropout rate must be in [0, 1); got {rate}.");
        Rate = rate;
    }

    /// <summary>The fraction of inputs dropped in training.</summary>
    public double Rate { get; }

    private protected override void AddConfig(JsonObject config)
    {
        config["rate"] = Rate;
        config["noise_shape"] = null;
        config["seed"] = null;
    }

    internal static Dropout FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.Optional("noise_shape", _ => "noise_shape is not supported");
        args.Optional("seed", _ => "a per-layer seed is not supported (Util.SetRandomSeed seeds every layer)");
        return new Dropout(args.Double("rate"), inputShape, name);
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Rate == 0) return inputs;
        var generator = context.Random.For(inputs.device);
        // A mixed policy's bfloat16 activations on the CPU take a vectorised mask (DropoutMask). Otherwise the mask is
        // libtorch's dropout's own, drawn the same way (bernoulli_ on a tensor like the inputs, then 1 / (1 - rate)), but
        // from the model's generator.
        if (inputs.dtype == ScalarType.BFloat16 && inputs.device_type == DeviceType.CPU)
            return inputs * DropoutMask.Like(inputs, Rate, generator);
        using var noise = DropoutMask.Bernoulli(empty_like(inputs), Rate, generator);
        return inputs * noise;
    }
}
