using Keras.Initializers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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
    private readonly Initializer _betaInitializer, _gammaInitializer, _meanInitializer, _varianceInitializer;
    private Weight? _gamma, _beta, _movingMean, _movingVariance;

    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? beta_initializer = null, Initializer? gamma_initializer = null,
        Initializer? moving_mean_initializer = null, Initializer? moving_variance_initializer = null,
        Shape? input_shape = null, string? name = null)
        : base(name, input_shape)
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

    public int Axis { get; }
    public double Momentum { get; }
    public double Epsilon { get; }
    public bool Center { get; }
    public bool Scale { get; }

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

    internal override Tensor Call(Tensor inputs, bool training)
    {
        // libtorch normalises over axis 1: engine images are (N, C, H, W) already; other ranks move the channel axis there.
        bool moveAxis = inputs.dim() > 2 && inputs.dim() != 4;
        var x = moveAxis ? inputs.movedim(new long[] { -1 }, new long[] { 1 }) : inputs;
        // Keras's momentum weighs the old statistic; libtorch's weighs the new batch.
        var y = F.batch_norm(x, _movingMean!.Value, _movingVariance!.Value, _gamma?.Value, _beta?.Value,
            training, 1 - Momentum, Epsilon);
        return moveAxis ? y.movedim(new long[] { 1 }, new long[] { -1 }) : y;
    }
}
