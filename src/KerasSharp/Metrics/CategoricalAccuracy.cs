using static TorchSharp.torch;

namespace Keras.Metrics;

/// <summary>1 where argmax(y_true) equals argmax(y_pred), else 0.</summary>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : Metric
{
    public override string Name => name;

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.argmax(-1).eq(y_pred.argmax(-1)).to(ScalarType.Float32);
}
