using System.Text.Json.Nodes;
using Keras.Initializers;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// Batch normalisation over the last (channel) axis with Keras's defaults: momentum 0.99, epsilon 1e-3.
/// gamma and beta are trained; moving_mean and moving_variance are non-trainable and are counted as such.
/// </summary>
/// <remarks>
/// The moving variance takes the batch variance unbiased by n/(n-1), as libtorch does; Keras 2.2 uses
/// n/(n-1-epsilon). The two differ by a factor of 1 + epsilon/(n-1), under 1e-6 for a 32-image batch of 32x32 maps.
/// </remarks>
public sealed class BatchNormalization : Layer
{
    // Keras hands a mask on through this layer (supports_masking).
    private protected override bool SupportsMasking => true;

    private readonly Initializer _betaInitializer, _gammaInitializer, _meanInitializer, _varianceInitializer;
    private Weight? _gamma, _beta, _movingMean, _movingVariance;

    /// <summary>Normalises its input per feature: with the batch's statistics in training, and their moving averages at test time.</summary>
    /// <param name="axis">The feature axis; the last (channels) by default.</param>
    /// <param name="momentum">How much of the old moving average each batch keeps.</param>
    /// <param name="epsilon">Added to the variance before its square root; 1e-3 by default, as in Keras.</param>
    /// <param name="center">Whether to add a learnt offset (beta).</param>
    /// <param name="scale">Whether to multiply by a learnt factor (gamma).</param>
    /// <param name="beta_initializer">How beta starts; zeros by default.</param>
    /// <param name="gamma_initializer">How gamma starts; ones by default.</param>
    /// <param name="moving_mean_initializer">How the moving mean starts; zeros by default.</param>
    /// <param name="moving_variance_initializer">How the moving variance starts; ones by default.</param>
    /// <param name="input_shape">Shape of one sample without the batch axis, e.g. <c>(32, 32, 3)</c>; only the first layer of a model needs it.</param>
    /// <param name="name">The layer's name; by default the snake_case class name with a counter, such as <c>conv2d_1</c>.</param>
    /// <param name="dtype">The layer's dtype policy, "float32" or "mixed_bfloat16"; by default the global policy (<c>MixedPrecision.SetGlobalPolicy</c>).</param>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? beta_initializer = null, Initializer? gamma_initializer = null,
        Initializer? moving_mean_initializer = null, Initializer? moving_variance_initializer = null,
        Shape? input_shape = null, string? name = null, string? dtype = null)
        : base(name, input_shape, dtype)
    {
        if (momentum is < 0 or > 1) throw new ArgumentException($"momentum must be in [0, 1]; got {momentum}.");
        if (epsilon <= 0) throw new ArgumentException($"epsilon must be positive; got {epsilon}.");
        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        _betaInitializer = beta_initializer ?? new Zeros();
        _gammaInitializer = gamma_initializer ?? new Ones();
        _meanInitializer = moving_mean_initializer ?? new Zeros();
        _varianceInitializer = moving_variance_initializer ?? new Ones();
    }

    /// <summary>How beta, gamma and the moving statistics start (for the model's config).</summary>
    internal (Initializer Beta, Initializer Gamma, Initializer MovingMean, Initializer MovingVariance) Initializers =>
        (_betaInitializer, _gammaInitializer, _meanInitializer, _varianceInitializer);

    /// <summary>The feature axis.</summary>
    public int Axis { get; }
    /// <summary>How much of the old moving average each batch keeps.</summary>
    public double Momentum { get; }
    /// <summary>Added to the variance before its square root.</summary>
    public double Epsilon { get; }
    /// <summary>Whether a learnt offset (beta) is added.</summary>
    public bool Center { get; }
    /// <summary>Whether a learnt factor (gamma) multiplies.</summary>
    public bool Scale { get; }

    private protected override void AddConfig(JsonObject config)
    {
        config["axis"] = Axis;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = _betaInitializer.GetConfig();
        config["gamma_initializer"] = _gammaInitializer.GetConfig();
        config["moving_mean_initializer"] = _meanInitializer.GetConfig();
        config["moving_variance_initializer"] = _varianceInitializer.GetConfig();
        foreach (string key in new[] { "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint" }) config[key] = null;
    }

    internal static BatchNormalization FromConfig(Saving.LayerArguments args, Shape? inputShape, string? name)
    {
        args.NoRegularizers("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        args.Unsupported("renorm", "batch renormalization is not supported");
        args.Unsupported("synchronized", "synchronized batch normalization is not supported");
        args.Optional("renorm_clipping", _ => "renorm_clipping is not supported");
        args.Optional("renorm_momentum", _ => null);
        args.Optional("virtual_batch_size", _ => "virtual_batch_size is not supported");
        args.Optional("adjustment", _ => "adjustment is not supported");
        args.Optional("fused", _ => null);
        var axis = args.Ints("axis", new[] { -1 });
        if (axis.Length != 1) throw args.Error("axis", "several axes are not supported");
        return new BatchNormalization(axis[0], args.Double("momentum", 0.99), args.Double("epsilon", 1e-3), args.Bool("center", true), args.Bool("scale", true),
            args.Initializer("beta_initializer"), args.Initializer("gamma_initializer"),
            args.Initializer("moving_mean_initializer"), args.Initializer("moving_variance_initializer"), inputShape, name);
    }

    /// <inheritdoc/>
    protected override Shape Build(Shape inputShape, Device device)
    {
        if (Axis != -1 && Axis != inputShape.Rank)
            throw new ArgumentException(
                $"Layer '{Name}': only the channel (last) axis is supported for BatchNormalization; got axis={Axis} for input {inputShape}.");
        int channels = inputShape[-1];
        if (Scale) _gamma = AddWeight("gamma", channels, _gammaInitializer, device);
        if (Center) _beta = AddWeight("beta", channels, _betaInitializer, device);
        _movingMean = AddWeight("moving_mean", channels, _meanInitializer, device, trainable: false);
        _movingVariance = AddWeight("moving_variance", channels, _varianceInitializer, device, trainable: false);
        return inputShape;
    }

    internal override Tensor Call(Tensor inputs, CallContext context)
    {
        // libtorch normalises over axis 1: engine images are (N, C, H, W) already; other ranks move the channel axis there.
        bool moveAxis = inputs.dim() > 2 && inputs.dim() != 4;
        // Statistics are float32 under every policy, as Keras's batch normalization keeps them.
        var x = (moveAxis ? inputs.movedim(new long[] { -1 }, new long[] { 1 }) : inputs).to(ScalarType.Float32);
        // Keras's momentum weighs the old statistic; libtorch's weighs the new batch.
        var y = F.batch_norm(x, _movingMean!.Value, _movingVariance!.Value, _gamma?.Value, _beta?.Value,
            context.Training, 1 - Momentum, Epsilon).to(inputs.dtype);
        return moveAxis ? y.movedim(new long[] { 1 }, new long[] { -1 }) : y;
    }
}
