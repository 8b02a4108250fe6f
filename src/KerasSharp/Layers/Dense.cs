using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Fully connected layer over the last axis; the kernel is (in, out) as in Keras.</summary>
public sealed class Dense : KernelLayer
{
    public Dense(int units, string? activation = null, bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? bias_constraint = null,
        Shape? input_shape = null, string? name = null)
        : base(activation, use_bias, kernel_initializer, bias_initializer, kernel_constraint, bias_constraint, input_shape, name)
    {
        if (units <= 0) throw new ArgumentException($"Dense units must be positive; got {units}.");
        Units = units;
    }

    public int Units { get; }

    protected override Shape Build(Shape inputShape, Device device)
    {
        AddKernelAndBias((inputShape[-1], Units), Units, device);
        return new Shape(inputShape.Dims.Take(inputShape.Rank - 1).Append(Units).ToArray());
    }

    internal override Tensor Call(Tensor inputs, bool training)
    {
        var x = Layout.ToKeras(inputs);
        var y = x.dim() == 2 && Bias is not null ? Bias.Value.addmm(x, Kernel!.Value) : x.matmul(Kernel!.Value);
        if (x.dim() != 2 && Bias is not null) y = y + Bias.Value;
        return Activate(Layout.ToEngine(y));
    }
}
