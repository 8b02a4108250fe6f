using Keras.Losses;
using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>A per-sample metric, averaged over samples like Keras 2.2's metric functions.</summary>
public abstract class Metric
{
    /// <summary>The key in logs and History (<c>acc</c> for accuracy, as in Keras 2.2).</summary>
    public abstract string Name { get; }

    /// <summary>One value per sample, shape (N).</summary>
    /// <param name="y_true">A batch's targets.</param>
    /// <param name="y_pred">The model's outputs for the batch.</param>
    public abstract Tensor Call(Tensor y_true, Tensor y_pred);

    /// <summary>
    /// Resolves a metric name as Keras 2.2 does: "accuracy"/"acc" becomes binary accuracy for binary crossentropy or a
    /// single output unit, sparse categorical accuracy for the sparse loss, else categorical accuracy (logged as
    /// <c>acc</c>); "crossentropy"/"ce" the crossentropy that goes with the loss (logged as <c>ce</c>); the accuracy
    /// functions by name; and any loss by name or alias, logged under its full name (<c>mse</c> as <c>mean_squared_error</c>).
    /// </summary>
    /// <param name="name">A Keras 2.2 metric name.</param>
    /// <param name="loss">The model's loss, which decides what accuracy means.</param>
    /// <param name="outputShape">The model's output shape.</param>
    /// <returns>The metric.</returns>
    public static Metric Get(string name, Loss loss, Shape outputShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "accuracy" or "acc":
                if (loss is BinaryCrossentropy || outputShape[-1] == 1) return new BinaryAccuracy("acc");
                if (loss is SparseCategoricalCrossentropy) return new SparseCategoricalAccuracy("acc");
                return new CategoricalAccuracy("acc");
            case "crossentropy" or "ce":
                if (loss is BinaryCrossentropy || outputShape[-1] == 1) return new LossMetric(new BinaryCrossentropy(), "ce");
                if (loss is SparseCategoricalCrossentropy) return new LossMetric(new SparseCategoricalCrossentropy(), "ce");
                return new LossMetric(new CategoricalCrossentropy(), "ce");
            case "categorical_accuracy": return new CategoricalAccuracy(name);
            case "sparse_categorical_accuracy": return new SparseCategoricalAccuracy(name);
            case "binary_accuracy": return new BinaryAccuracy(name);
            case "top_k_categorical_accuracy": return new TopKCategoricalAccuracy(name);
            case "sparse_top_k_categorical_accuracy": return new SparseTopKCategoricalAccuracy(name);
        }
        if (Loss.TryGet(name) is { } function) return new LossMetric(function, function.Name);
        throw new ArgumentException(
            $"Unknown metric '{name}'. Valid names: accuracy, acc, crossentropy, ce, categorical_accuracy, sparse_categorical_accuracy, binary_accuracy, " +
            "top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, and every loss (mse, mae, mape, msle, binary_crossentropy, ...).");
    }
}
