using static TorchSharp.torch;

namespace Keras.Losses;

/// <summary>Crossentropy against integer class labels of shape (N) or (N, 1); predictions are clipped as in Keras.</summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <inheritdoc/>
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred)
    {
        // Keras 2.2 takes log of the clipped probabilities as logits; log_softmax of those renormalises.
        var logp = y_pred.clamp(Backend.Epsilon, 1 - Backend.Epsilon).log().log_softmax(-1);
        var labels = y_true.reshape(-1).to(ScalarType.Int64);
        return -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1);
    }

    /// <inheritdoc/>
    public override void ValidateTargets(long[] targetShape, Shape outputShape)
    {
        bool ok = outputShape.Rank == 1 && (targetShape.Length == 1 || (targetShape.Length == 2 && targetShape[1] == 1));
        if (!ok)
            throw new ArgumentException(
                $"Error when checking target: {Name} expects integer labels of shape (None,) or (None, 1) for an output of shape " +
                $"{outputShape.ToBatchString()}, but got an array of shape {Describe(targetShape)}." +
                (targetShape.Length == 2 && outputShape.Rank == 1 && targetShape[1] == outputShape[0]
                    ? " These look one-hot encoded: use loss 'categorical_crossentropy'."
                    : ""));
    }
}
