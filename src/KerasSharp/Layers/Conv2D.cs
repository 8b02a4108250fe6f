using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// 2-D convolution over (H, W, C) images. The kernel is (kh, kw, in, out) in Keras's layout.
/// <c>same</c> padding follows Keras: the odd pixel of an odd total padding goes after, not before.
/// </summary>
public sealed class Conv2D : KernelLayer
{
    private long[] _symmetricPadding = { 0, 0 };
    private long[]? _asymmetricPadding;
    // The arguments that shape the kernel, as BFloat16KernelCheck keys its verdicts; fixed once built.
    private string? _checkArguments;

    /// <summary>A 2D convolution over channels-last images (N, H, W, C), with an optional bias and activation.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernel_size">Height and width of the convolution window: an int or a pair such as <c>(3, 3)</c>.</param>
    /// <param name="strides">Step of the window along height and width: an int or a pair; 1 by default.</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (pad so that the output keeps the input's size at stride 1), as in Keras.</param>
    /// <param name="activation">Name of the activation applied to the output (<c>"relu"</c>, <c>"softmax"</c>, ...); none (linear) by default.</param>
    /// <param name="use_bias">Whether the layer adds a bias vector to its output.</param>
    /// <param name="kernel_initializer">How the kernel starts: an initializer or its Keras name; <c>glorot_uniform</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts: an initializer or its Keras name; zeros by default.</param>
    /// <param name="kernel_constraint">A constraint applied to the kernel after every update, such as <c>new MaxNorm(3)</c>; none by default.</param>
    /// <param name="bias_constraint">A constraint applied to the bias after every update; none by default.</param>
    /// <param name="dilation_rate">Spacing between the window's taps, for dilated convolution: an int or a pair; 1 by default.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public Conv2D(int filters, Shape kernel_size, Shape? strides = null, string padding = "valid",
        string? activation = null, bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? bias_constraint = null,
        Shape? dilation_rate = null, Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(activation, use_bias, kernel_initializer, bias_initializer, kernel_constraint, bias_constraint, input_shape, name, dtype)
    {
        if (filters <= 0) throw new ArgumentException($"Conv2D filters must be positive; got {filters}.");
        Filters = filters;
        KernelSize = SpatialGeometry.Pair(kernel_size, nameof(kernel_size));
        Strides = SpatialGeometry.Pair(strides ?? 1, nameof(strides));
        DilationRate = SpatialGeometry.Pair(dilation_rate ?? 1, nameof(dilation_rate));
        Padding = SpatialGeometry.ValidatePadding(padding);
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }
    /// <summary>Height and width of the window.</summary>
    public (int, int) KernelSize { get; }
    /// <summary>Steps of the window along height and width.</summary>
    public (int, int) Strides { get; }
    /// <summary>Spacing between the window's taps.</summary>
    public (int, int) DilationRate { get; }
    /// <summary><c>valid</c> or <c>same</c>.</summary>
    public string Padding { get; }

    private protected override void AddConfig(JsonObject config)
    {
        config["filters"] = Filters;
        config["kernel_size"] = new JsonArray(KernelSize.Item1, KernelSize.Item2);
        config["strides"] = new JsonArray(Strides.Item1, Strides.Item2);
        config["padding"] = Padding;
        config["data_format"] = "channels_last";
        config["dilation_rate"] = new JsonArray(DilationRate.Item1, DilationRate.Item2);
        AddKernelConfig(config);
    }

    internal static Conv2D FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.ChannelsLast();
        args.Optional("groups", v => v is JsonValue g && g.TryGetValue<int>(out int n) && n == 1 ? null : "grouped convolution is not supported");
        int filters = args.Int("filters");
        var kernel = args.Sizes("kernel_size") ?? throw args.Error("kernel_size", "it is required");
        var strides = args.Sizes("strides");
        string padding = args.Padding();
        var dilation = args.Sizes("dilation_rate");
        return FromKernelConfig(args, (activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint) =>
            new Conv2D(filters, kernel, strides, padding, activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint, dilation, inputShape, name));
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        var rows = SpatialGeometry.Axis(inputShape[0], KernelSize.Item1, Strides.Item1, DilationRate.Item1, Padding, this);
        var cols = SpatialGeometry.Axis(inputShape[1], KernelSize.Item2, Strides.Item2, DilationRate.Item2, Padding, this);
        if (rows.Before == rows.After && cols.Before == cols.After)
            _symmetricPadding = new long[] { rows.Before, cols.Before };
        else
            _asymmetricPadding = new long[] { cols.Before, cols.After, rows.Before, rows.After };
        _checkArguments = $"conv2d {Strides} {_symmetricPadding[0]},{_symmetricPadding[1]} {DilationRate}";

        int channels = inputShape[2];
        // Engine kernels are (out, in, kh, kw); Keras's are (kh, kw, in, out).
        AddKernelAndBias((KernelSize.Item1, KernelSize.Item2, channels, Filters), Filters, device,
            toKeras: t => t.permute(2, 3, 1, 0), fromKeras: t => t.permute(3, 2, 0, 1));
        return (rows.Output, cols.Output, Filters);
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        var x = _asymmetricPadding is null ? inputs : F.pad(inputs, _asymmetricPadding);
        // Under a mixed policy the kernel goes to bfloat16 with channels-last strides, as the images have them.
        var kernel = Computed(Kernel!, context, value => value.permute(0, 2, 3, 1).to(DtypePolicy.Compute).contiguous().permute(0, 3, 1, 2));
        return Activate(ComputeChecked(x, kernel, context, _checkArguments!, Convolve));
    }

    private Tensor Convolve(Tensor x, IReadOnlyList<Tensor> weights) =>
        F.conv2d(x, weights[0], weights.Count > 1 ? weights[1] : null,
            strides: new long[] { Strides.Item1, Strides.Item2 },
            padding: _symmetricPadding,
            dilation: new long[] { DilationRate.Item1, DilationRate.Item2 });
}
