using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>A loss: per-sample values from targets and predictions. A name such as <c>"categorical_crossentropy"</c> converts to one.</summary>
public abstract class Loss
{
    private static readonly NameRegistry<Loss> Known = new("loss", new()
    {
        ["categorical_crossentropy"] = () => new CategoricalCrossentropy(),
        ["sparse_categorical_crossentropy"] = () => new SparseCategoricalCrossentropy(),
        ["binary_crossentropy"] = () => new BinaryCrossentropy(),
        ["mean_squared_error"] = () => new MeanSquaredError(),
        ["mse"] = () => new MeanSquaredError(),
        ["MSE"] = () => new MeanSquaredError(),
        ["mean_absolute_error"] = () => new MeanAbsoluteError(),
        ["mae"] = () => new MeanAbsoluteError(),
        ["MAE"] = () => new MeanAbsoluteError(),
        ["mean_absolute_percentage_error"] = () => new MeanAbsolutePercentageError(),
        ["mape"] = () => new MeanAbsolutePercentageError(),
        ["MAPE"] = () => new MeanAbsolutePercentageError(),
        ["mean_squared_logarithmic_error"] = () => new MeanSquaredLogarithmicError(),
        ["msle"] = () => new MeanSquaredLogarithmicError(),
        ["MSLE"] = () => new MeanSquaredLogarithmicError(),
        ["squared_hinge"] = () => new SquaredHinge(),
        ["hinge"] = () => new Hinge(),
        ["categorical_hinge"] = () => new CategoricalHinge(),
        ["logcosh"] = () => new LogCosh(),
        ["kullback_leibler_divergence"] = () => new KullbackLeiblerDivergence(),
        ["kld"] = () => new KullbackLeiblerDivergence(),
        ["KLD"] = () => new KullbackLeiblerDivergence(),
        ["poisson"] = () => new Poisson(),
        ["cosine_proximity"] = () => new CosineProximity(),
        ["cosine"] = () => new CosineProximity(),
    });

    /// <summary>Whether Keras 2.2 knows a loss by this name.</summary>
    internal static bool Exists(string name) => Known.Contains(name);

    /// <summary>The loss Keras 2.2 knows by this name, or null.</summary>
    internal static Loss? TryGet(string name) => Known.TryGet(name);

    /// <summary>The loss's Keras name, such as <c>categorical_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One loss value per sample, shape (N).</summary>
    /// <param name="y_true">A batch's targets.</param>
    /// <param name="y_pred">The model's outputs for the batch.</param>
    public abstract Tensor Call(Tensor y_true, Tensor y_pred);

    /// <summary>
    /// Checks targets against the model's output before training, so a mismatch reads as a Keras error,
    /// not a libtorch trace. <paramref name="targetShape"/> includes the batch axis.
    /// </summary>
    /// <param name="targetShape">The targets' shape, batch axis included.</param>
    /// <param name="outputShape">The model's output shape.</param>
    public virtual void ValidateTargets(long[] targetShape, Shape outputShape)
    {
        var expected = outputShape.Dims.Select(d => (long)d).ToArray();
        if (!targetShape.Skip(1).SequenceEqual(expected))
            throw new ArgumentException(
                $"Error when checking target: {Name} expects targets of shape {outputShape.ToBatchString()} (the model's output), " +
                $"but got an array of shape {Describe(targetShape)}." + Hint(targetShape, outputShape));
    }

    /// <summary>A sentence added to the shape-mismatch error, saying how to fix the targets; none by default.</summary>
    /// <param name="targetShape">The targets' shape, batch axis included.</param>
    /// <param name="outputShape">The model's output shape.</param>
    protected virtual string Hint(long[] targetShape, Shape outputShape) => "";

    internal static string Describe(long[] shape) => Shape.PythonTuple(shape.Select(d => d.ToString()));

    /// <summary>The loss with a Keras name.</summary>
    /// <param name="name">Any of Keras 2.2's losses by name or alias: <c>categorical_crossentropy</c>, <c>sparse_categorical_crossentropy</c>,
    /// <c>binary_crossentropy</c>, <c>mean_squared_error</c> (<c>mse</c>), <c>mean_absolute_error</c> (<c>mae</c>),
    /// <c>mean_absolute_percentage_error</c> (<c>mape</c>), <c>mean_squared_logarithmic_error</c> (<c>msle</c>), <c>hinge</c>,
    /// <c>squared_hinge</c>, <c>categorical_hinge</c>, <c>logcosh</c>, <c>kullback_leibler_divergence</c> (<c>kld</c>),
    /// <c>poisson</c>, <c>cosine_proximity</c> (<c>cosine</c>).</param>
    /// <returns>A new loss.</returns>
    public static Loss Get(string name) => Known.Get(name);

    /// <summary>Lets a Keras name stand for a loss: <c>loss: "categorical_crossentropy"</c>.</summary>
    /// <param name="name">The loss's Keras name.</param>
    public static implicit operator Loss(string name) => Get(name);
}
