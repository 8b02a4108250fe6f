using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Fully connected layer over the last axis; the kernel is (in, out) as in Keras.</summary>
public sealed class Dense : Layer
{
    private readonly Initializer _kernelInitializer, _biasInitializer;
    private Weight? _kernel, _bias;

    public Dense(int units, string? activation = null, bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? bias_constraint = null,
        Shape? input_shape = null, string? name = null)
        : base(name, input_shape)
    {
        if (units <= 0) throw new ArgumentException($"Dense units must be positive; got {units}.");
        Units = units;
        Activation = Activations.Validate(activation);
        UseBias = use_bias;
        _kernelInitializer = kernel_initializer ?? new GlorotUniform();
        _biasInitializer = bias_initializer ?? new Zeros();
        KernelConstraint = kernel_constraint;
        BiasConstraint = bias_constraint;
    }

    public int Units { get; }
    public string Activation { get; }
    public bool UseBias { get; }
    public Constraint? KernelConstraint { get; }
    public Constraint? BiasConstraint { get; }

    public override string? ActivationName => Activation;

    protected override Shape Build(Shape inputShape, Device device)
    {
        _kernel = AddWeight("kernel", (inputShape[-1], Units), _kernelInitializer, device, constraint: KernelConstraint);
        if (UseBias) _bias = AddWeight("bias", Units, _biasInitializer, device, constraint: BiasConstraint);
        return new Shape(inputShape.Dims.Take(inputShape.Rank - 1).Append(Units).ToArray());
    }

    internal override Tensor Call(Tensor inputs, bool training)
    {
        var x = Layout.ToKeras(inputs);
        var y = x.dim() == 2 && _bias is not null ? _bias.Value.addmm(x, _kernel!.Value) : x.matmul(_kernel!.Value);
        if (x.dim() != 2 && _bias is not null) y = y + _bias.Value;
        y = Layout.ToEngine(y);
        return Activations.Apply(Activation, y, Layout.ChannelAxis(y));
    }
}
