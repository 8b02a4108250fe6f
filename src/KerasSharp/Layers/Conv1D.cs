using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Keras's <c>Conv1D</c> over (timesteps, channels) sequences. The kernel is (size, in, out) in Keras's layout.
/// Padding: <c>valid</c>, <c>same</c> (the odd step of an odd total after, as Keras) or <c>causal</c> (all of it before,
/// so that no output sees a later step).
/// </summary>
public sealed class Conv1D : KernelLayer
{
    private long[] _padding = { 0, 0 };

    /// <summary>A 1D convolution over sequences (N, T, C), with an optional bias and activation.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernel_size">The window's length.</param>
    /// <param name="strides">The window's step; 1 by default.</param>
    /// <param name="padding"><c>"valid"</c>, <c>"same"</c> or <c>"causal"</c>, in any case, as in Keras.</param>
    /// <param name="dilation_rate">The spacing between the window's taps; 1 by default.</param>
    /// <param name="activation">Name of the activation applied to the output; none (linear) by default.</param>
    /// <param name="use_bias">Whether the layer adds a bias vector to its output.</param>
    /// <param name="kernel_initializer">How the kernel starts; <c>glorot_uniform</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts; zeros by default.</param>
    /// <param name="kernel_constraint">A constraint applied to the kernel after every update.</param>
    /// <param name="bias_constraint">A constraint applied to the bias after every update.</param>
    /// <param name="input_shape">(timesteps, channels); only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default <c>conv1d_1</c>...</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy.</param>
    public Conv1D(int filters, int kernel_size, int strides = 1, string padding = "valid", int dilation_rate = 1, string? activation = null,
        bool use_bias = true, Initializer? kernel_initializer = null, Initializer? bias_initializer = null, Constraint? kernel_constraint = null,
        Constraint? bias_constraint = null, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(activation, use_bias, kernel_initializer, bias_initializer, kernel_constraint, bias_constraint, input_shape, name, dtype)
    {
        if (filters <= 0 || kernel_size <= 0 || strides <= 0 || dilation_rate <= 0)
            throw new ArgumentException($"Conv1D needs positive filters, kernel_size, strides and dilation_rate; got {filters}, {kernel_size}, {strides}, {dilation_rate}.");
        (Filters, KernelSize, Strides, Padding, DilationRate) = (filters, kernel_size, strides, SpatialGeometry.ValidatePadding(padding, causal: true), dilation_rate);
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>The window's length.</summary>
    public int KernelSize { get; }
    /// <summary>The window's step.</summary>
    public int Strides { get; }
    /// <summary><c>valid</c>, <c>same</c> or <c>causal</c>.</summary>
    public string Padding { get; }
    /// <summary>The spacing between the window's taps.</summary>
    public int DilationRate { get; }

    /// <summary>The zeros added before and after the sequence, once built (causal: all before).</summary>
    internal (long Before, long After) Pads => (_padding[0], _padding[1]);

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        if (inputShape.Rank != 2)
            throw new ArgumentException($"Layer '{Name}' (Conv1D) reads sequences (timesteps, channels); it was applied to {inputShape.ToBatchString()}.");
        int steps;
        if (Padding == "causal")
        {
            int before = (KernelSize - 1) * DilationRate;
            steps = SpatialGeometry.Axis(inputShape[0] + before, KernelSize, Strides, DilationRate, "valid", this).Output;
            _padding = new long[] { before, 0 };
        }
        else
        {
            var axis = SpatialGeometry.Axis(inputShape[0], KernelSize, Strides, DilationRate, Padding, this);
            (steps, _padding) = (axis.Output, new long[] { axis.Before, axis.After });
        }
        // Engine kernels are (out, in, size); Keras's are (size, in, out).
        AddKernelAndBias((KernelSize, inputShape[1], Filters), Filters, device, toKeras: t => t.permute(2, 1, 0), fromKeras: t => t.permute(2, 1, 0));
        return (steps, Filters);
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        var x = inputs.permute(0, 2, 1);
        if (_padding[0] + _padding[1] > 0) x = F.pad(x, _padding);
        var y = F.conv1d(x, Computed(Kernel!, context), Bias is null ? null : Computed(Bias, context), stride: Strides, dilation: DilationRate);
        return Activate(y.permute(0, 2, 1));
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["filters"] = Filters;
        config["kernel_size"] = new JsonArray(KernelSize);
        config["strides"] = new JsonArray(Strides);
        config["padding"] = Padding;
        config["data_format"] = "channels_last";
        config["dilation_rate"] = new JsonArray(DilationRate);
        AddKernelConfig(config);
    }

    internal static Conv1D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        args.Optional("groups", v => v is JsonValue g && g.TryGetValue<int>(out int n) && n == 1 ? null : "grouped convolution is not supported");
        int filters = args.Int("filters");
        int kernel = One(args, "kernel_size") ?? throw args.Error("kernel_size", "it is required");
        int strides = One(args, "strides") ?? 1, dilation = One(args, "dilation_rate") ?? 1;
        string padding = args.Padding();
        return FromKernelConfig(args, (activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint) =>
            new Conv1D(filters, kernel, strides, padding, dilation, activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint, inputShape, name));
    }

    /// <summary>A 1-D size as Keras writes it: 3 or [3].</summary>
    internal static int? One(Saving.LayerArguments args, string key) => args.Sizes(key) switch
    {
        null => null,
        { Rank: 1 } s => s[0],
        var s => throw args.Error(key, $"{s} is not one size"),
    };
}
