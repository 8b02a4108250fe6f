using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>
/// Keras 2.2's categorical crossentropy on probabilities: predictions are renormalised to sum to 1,
/// clipped to [1e-7, 1 - 1e-7], and the loss is -sum(y_true * log(y_pred)) over the last axis.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred)
    {
        var p = (y_pred / y_pred.sum(-1, keepdim: true)).clamp(Backend.Epsilon, 1 - Backend.Epsilon);
        return -(y_true * p.log()).sum(-1);
    }

    /// <inheritdoc/>
    protected override string Hint(long[] targetShape, Shape outputShape) =>
        targetShape.Length <= 2 && (targetShape.Length == 1 || targetShape[1] == 1)
            ? " Integer class labels need one-hot encoding first (Util.ToCategorical(y, num_classes)), or use loss 'sparse_categorical_crossentropy'."
            : "";
}
