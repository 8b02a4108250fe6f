using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Keras.Layers;

/// <summary>
/// 2-D convolution over (H, W, C) images. The kernel is (kh, kw, in, out) in Keras's layout.
/// <c>same</c> padding follows Keras: the odd pixel of an odd total padding goes after, not before.
/// </summary>
public sealed class Conv2D : KernelLayer
{
    private long[] _symmetricPadding = { 0, 0 };
    private long[]? _asymmetricPadding;

    public Conv2D(int filters, Shape kernel_size, Shape? strides = null, string padding = "valid",
        string? activation = null, bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? bias_constraint = null,
        Shape? dilation_rate = null, Shape? input_shape = null, string? name = null)
        : base(activation, use_bias, kernel_initializer, bias_initializer, kernel_constraint, bias_constraint, input_shape, name)
    {
        if (filters <= 0) throw new ArgumentException($"Conv2D filters must be positive; got {filters}.");
        Filters = filters;
        KernelSize = SpatialGeometry.Pair(kernel_size, nameof(kernel_size));
        Strides = SpatialGeometry.Pair(strides ?? 1, nameof(strides));
        DilationRate = SpatialGeometry.Pair(dilation_rate ?? 1, nameof(dilation_rate));
        Padding = SpatialGeometry.ValidatePadding(padding);
    }

    public int Filters { get; }
    public (int, int) KernelSize { get; }
    public (int, int) Strides { get; }
    public (int, int) DilationRate { get; }
    public string Padding { get; }

    protected override Shape Build(Shape inputShape, Device device)
    {
        SpatialGeometry.RequireImage(inputShape, this);
        var rows = SpatialGeometry.Axis(inputShape[0], KernelSize.Item1, Strides.Item1, DilationRate.Item1, Padding, this);
        var cols = SpatialGeometry.Axis(inputShape[1], KernelSize.Item2, Strides.Item2, DilationRate.Item2, Padding, this);
        if (rows.Before == rows.After && cols.Before == cols.After)
            _symmetricPadding = new long[] { rows.Before, cols.Before };
        else
            _asymmetricPadding = new long[] { cols.Before, cols.After, rows.Before, rows.After };

        int channels = inputShape[2];
        // Engine kernels are (out, in, kh, kw); Keras's are (kh, kw, in, out).
        AddKernelAndBias((KernelSize.Item1, KernelSize.Item2, channels, Filters), Filters, device,
            toKeras: t => t.permute(2, 3, 1, 0), fromKeras: t => t.permute(3, 2, 0, 1));
        return (rows.Output, cols.Output, Filters);
    }

    internal override Tensor Call(Tensor inputs, bool training)
    {
        var x = _asymmetricPadding is null ? inputs : F.pad(inputs, _asymmetricPadding);
        var y = F.conv2d(x, Kernel!.Value, Bias?.Value,
            strides: new long[] { Strides.Item1, Strides.Item2 },
            padding: _symmetricPadding,
            dilation: new long[] { DilationRate.Item1, DilationRate.Item2 });
        return Activate(y);
    }
}
