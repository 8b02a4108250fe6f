using System.Text.Json.Nodes;
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

    /// <summary>Sets up the arguments that Dense and Conv2D share.</summary>
    /// <param name="activation">Name of the activation applied to the output (<c>"relu"</c>, <c>"softmax"</c>, ...); none (linear) by default.</param>
    /// <param name="use_bias">Whether the layer adds a bias vector to its output.</param>
    /// <param name="kernel_initializer">How the kernel starts: an initializer or its Keras name; <c>glorot_uniform</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts: an initializer or its Keras name; zeros by default.</param>
    /// <param name="kernel_constraint">A constraint applied to the kernel after every update, such as <c>new MaxNorm(3)</c>; none by default.</param>
    /// <param name="bias_constraint">A constraint applied to the bias after every update; none by default.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    protected KernelLayer(string? activation, bool use_bias, Initializer? kernel_initializer, Initializer? bias_initializer,
        Constraint? kernel_constraint, Constraint? bias_constraint, Shape? input_shape, string? name, string? dtype)
        : base(name, input_shape, dtype)
    {
        Activation = Activations.Validate(activation);
        UseBias = use_bias;
        _kernelInitializer = kernel_initializer ?? new GlorotUniform();
        _biasInitializer = bias_initializer ?? new Zeros();
        KernelConstraint = kernel_constraint;
        BiasConstraint = bias_constraint;
    }

    /// <summary>The activation's name; <c>linear</c> when none was given.</summary>
    public string Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>The kernel's constraint, if any.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The bias's constraint, if any.</summary>
    public Constraint? BiasConstraint { get; }

    /// <inheritdoc/>
    public override string? ActivationName => Activation;

    /// <summary>How the kernel starts (for the model's config).</summary>
    internal Initializer KernelInitializer => _kernelInitializer;

    /// <summary>How the bias starts (for the model's config).</summary>
    internal Initializer BiasInitializer => _biasInitializer;

    /// <summary>The kernel, once built.</summary>
    protected Weight? Kernel { get; private set; }
    /// <summary>The bias, once built, if the layer has one.</summary>
    protected Weight? Bias { get; private set; }

    /// <summary>Creates the kernel (of Keras shape <paramref name="kernelShape"/>) and, with use_bias, a bias of <paramref name="units"/>.</summary>
    /// <param name="kernelShape">The kernel's shape in Keras's layout.</param>
    /// <param name="units">The bias's length: the number of outputs.</param>
    /// <param name="device">Where the weights live.</param>
    /// <param name="toKeras">Turns the engine's kernel into Keras's layout, when they differ.</param>
    /// <param name="fromKeras">Turns a kernel in Keras's layout into the engine's.</param>
    protected void AddKernelAndBias(Shape kernelShape, int units, Device device,
        Func<Tensor, Tensor>? toKeras = null, Func<Tensor, Tensor>? fromKeras = null)
    {
        Kernel = AddWeight("kernel", kernelShape, _kernelInitializer, device, constraint: KernelConstraint, toKeras: toKeras, fromKeras: fromKeras);
        if (UseBias) Bias = AddWeight("bias", units, _biasInitializer, device, constraint: BiasConstraint);
    }

    /// <summary>The arguments Dense and Conv2D share, in Keras 2.2's order, after the layer's own.</summary>
    private protected void AddKernelConfig(JsonObject config)
    {
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.GetConfig();
        config["bias_initializer"] = BiasInitializer.GetConfig();
        config["kernel_regularizer"] = null;
        config["bias_regularizer"] = null;
        config["activity_regularizer"] = null;
        config["kernel_constraint"] = KernelConstraint?.GetConfig();
        config["bias_constraint"] = BiasConstraint?.GetConfig();
    }

    /// <summary>Reads the arguments Dense and Conv2D share, in the order <paramref name="make"/> takes them.</summary>
    private protected static T FromKernelConfig<T>(Saving.LayerArguments args,
        Func<string, bool, Initializer?, Initializer?, Constraint?, Constraint?, T> make)
    {
        var layer = make(args.Activation(), args.Bool("use_bias", true), args.Initializer("kernel_initializer"), args.Initializer("bias_initializer"),
            args.Constraint("kernel_constraint"), args.Constraint("bias_constraint"));
        args.NoRegularizers("kernel_regularizer", "bias_regularizer", "activity_regularizer");
        return layer;
    }

    /// <summary>
    /// <paramref name="compute"/> of <paramref name="x"/> with <paramref name="kernel"/> and the bias, both in the compute
    /// type; but in float32 under a mixed policy whose bfloat16 kernels for this call's geometry (its shapes and
    /// <paramref name="arguments"/>) fail <see cref="BFloat16KernelCheck"/>.
    /// </summary>
    private protected Tensor ComputeChecked(Tensor x, Tensor kernel, CallContext context, string arguments, Func<Tensor, IReadOnlyList<Tensor>, Tensor> compute)
    {
        var weights = Bias is null ? new[] { kernel } : new[] { kernel, Computed(Bias, context) };
        if (DtypePolicy.IsMixed && !BFloat16KernelCheck.Trusts(this, arguments, x, weights, compute))
        {
            x = x.to(ScalarType.Float32);
            weights = Bias is null ? new[] { Kernel!.Value } : new[] { Kernel!.Value, Bias.Value };
        }
        return compute(x, weights);
    }

    /// <summary>The layer's activation over the channel (Keras's last) axis.</summary>
    /// <param name="y">The layer's output before activation, in the engine's layout.</param>
    /// <returns>The activated output.</returns>
    protected Tensor Activate(Tensor y) => Activations.Apply(Activation, y, Layout.ChannelAxis(y));
}
