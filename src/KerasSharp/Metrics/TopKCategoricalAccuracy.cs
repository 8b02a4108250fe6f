using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>Keras 2.2's top_k_categorical_accuracy: 1 where the target's class is among the k highest outputs (k = 5).</summary>
/// <param name="name">The key it is logged under.</param>
/// <param name="k">How many of the highest outputs count.</param>
public sealed class TopKCategoricalAccuracy(string name = "top_k_categorical_accuracy", int k = 5) : Metric
{
    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) => InTopK(y_pred, y_true.argmax(-1), k);

    /// <summary>TensorFlow's in_top_k: whether the target's output is larger than all but fewer than k others.</summary>
    internal static Tensor InTopK(Tensor predictions, Tensor targets, int k)
    {
        var target = predictions.gather(-1, targets.to(ScalarType.Int64).unsqueeze(-1));
        return predictions.gt(target).sum(-1).lt(k).to(ScalarType.Float32);
    }
}
