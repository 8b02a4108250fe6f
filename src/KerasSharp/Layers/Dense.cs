using System.Text.Json.Nodes;
using Keras.Constraints;
using Keras.Initializers;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>Fully connected layer over the last axis; the kernel is (in, out) as in Keras.</summary>
public sealed class Dense : KernelLayer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    /// <summary>A fully connected layer: output = activation(input · kernel + bias).</summary>
    /// <param name="units">The number of outputs (neurons).</param>
    /// <param name="input_dim">The size of one input sample, as Keras's <c>input_dim=8</c>: the same as <c>input_shape: 8</c> (give one or the other).</param>
    /// <param name="activation">Name of the activation applied to the output (<c>"relu"</c>, <c>"softmax"</c>, ...); none (linear) by default.</param>
    /// <param name="use_bias">Whether the layer adds a bias vector to its output.</param>
    /// <param name="kernel_initializer">How the kernel starts: an initializer or its Keras name; <c>glorot_uniform</c> by default.</param>
    /// <param name="bias_initializer">How the bias starts: an initializer or its Keras name; zeros by default.</param>
    /// <param name="kernel_constraint">A constraint applied to the kernel after every update, such as <c>new MaxNorm(3)</c>; none by default.</param>
    /// <param name="bias_constraint">A constraint applied to the bias after every update; none by default.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public Dense(int units, int? input_dim = null, string? activation = null, bool use_bias = true, Initializer? kernel_initializer = null,
        Initializer? bias_initializer = null, Constraint? kernel_constraint = null, Constraint? bias_constraint = null,
        Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(activation, use_bias, kernel_initializer, bias_initializer, kernel_constraint, bias_constraint, InputShapeOf(input_dim, input_shape), name, dtype)
    {
        if (units <= 0) throw new ArgumentException($"Dense units must be positive; got {units}.");
        Units = units;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    // Keras turns input_dim into input_shape=(input_dim,) and lets input_shape win; giving both differently is a mistake here.
    private static Shape? InputShapeOf(int? inputDim, Shape? inputShape)
    {
        if (inputDim is not int dim) return inputShape;
        if (dim <= 0) throw new ArgumentException($"input_dim must be positive; got {dim}.");
        if (inputShape is not null && !inputShape.Equals(new Shape(dim)))
            throw new ArgumentException($"Dense got input_dim={dim} and input_shape={inputShape}; give one of them.");
        return new Shape(dim);
    }

    private protected override void AddConfig(JsonObject config)
    {
        config["units"] = Units;
        AddKernelConfig(config);
    }

    internal static Dense FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        int units = args.Int("units");
        return FromKernelConfig(args, (activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint) =>
            new Dense(units, null, activation, useBias, kernelInit, biasInit, kernelConstraint, biasConstraint, inputShape, name));
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        AddKernelAndBias((inputShape[-1], Units), Units, device);
        return new Shape(inputShape.Dims.Take(inputShape.Rank - 1).Append(Units).ToArray());
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        var x = Layout.ToKeras(inputs);
        return Activate(Layout.ToEngine(ComputeChecked(x, Computed(Kernel!, context), context, "dense", Multiply)));
    }

    private static Tensor Multiply(Tensor x, IReadOnlyList<Tensor> weights)
    {
        if (weights.Count == 1) return MatrixProduct.Of(x, weights[0]);
        return x.dim() == 2 ? weights[1].addmm(x, weights[0]) : MatrixProduct.Of(x, weights[0]) + weights[1];
    }
}
