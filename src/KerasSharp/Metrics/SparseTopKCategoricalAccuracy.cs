using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>Keras 2.2's sparse_top_k_categorical_accuracy: 1 where the integer label is among the k highest outputs (k = 5).</summary>
/// <param name="name">The key it is logged under.</param>
/// <param name="k">How many of the highest outputs count.</param>
public sealed class SparseTopKCategoricalAccuracy(string name = "sparse_top_k_categorical_accuracy", int k = 5) : Metric
{
    /// <inheritdoc/>
    public override string Name => name;

    /// <inheritdoc/>
    public override Tensor Call(Tensor y_true, Tensor y_pred) => TopKCategoricalAccuracy.InTopK(y_pred, y_true.reshape(-1), k);
}
