using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// What Conv2D and Dense share, as Keras's <c>activation</c>, <c>use_bias</c>, <c>kernel_initializer</c>
/// (glorot_uniform), <c>bias_initializer</c> (zeros) and the two constraints.
/// </summary>
public abstract class KernelLayer : Layer
{
    private readonly Initializer _kernelInitializer, _biasInitializer;

    protected KernelLayer(string? activation, bool use_bias, Initializer? kernel_initializer, Initializer? bias_initializer,
        Constraint? kernel_constraint, Constraint? bias_constraint, Shape? input_shape, string? name)
        : base(name, input_shape)
    {
        Activation = Activations.Validate(activation);
        UseBias = use_bias;
        _kernelInitializer = kernel_initializer ?? new GlorotUniform();
        _biasInitializer = bias_initializer ?? new Zeros();
        KernelConstraint = kernel_constraint;
        BiasConstraint = bias_constraint;
    }

    public string Activation { get; }
    public bool UseBias { get; }
    public Constraint? KernelConstraint { get; }
    public Constraint? BiasConstraint { get; }

    public override string? ActivationName => Activation;

    protected Weight? Kernel { get; private set; }
    protected Weight? Bias { get; private set; }

    /// <summary>Creates the kernel (of Keras shape <paramref name="kernelShape"/>) and, with use_bias, a bias of <paramref name="units"/>.</summary>
    protected void AddKernelAndBias(Shape kernelShape, int units, Device device,
        Func<Tensor, Tensor>? toKeras = null, Func<Tensor, Tensor>? fromKeras = null)
    {
        Kernel = AddWeight("kernel", kernelShape, _kernelInitializer, device, constraint: KernelConstraint, toKeras: toKeras, fromKeras: fromKeras);
        if (UseBias) Bias = AddWeight("bias", units, _biasInitializer, device, constraint: BiasConstraint);
    }

    /// <summary>The layer's activation over the channel (Keras's last) axis.</summary>
    protected Tensor Activate(Tensor y) => Activations.Apply(Activation, y, Layout.ChannelAxis(y));
}
