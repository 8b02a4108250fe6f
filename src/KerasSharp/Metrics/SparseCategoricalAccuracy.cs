using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>1 where the integer label equals argmax(y_pred), else 0.</summary>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : Metric
{
    public override string Name => name;

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.reshape(-1).to(ScalarType.Int64).eq(y_pred.argmax(-1)).to(ScalarType.Float32);
}
