using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Keras.Layers;

/// <summary>Inverted dropout: while training, zeroes a fraction <c>rate</c> of inputs and scales the rest by 1/(1 - rate).</summary>
public sealed class Dropout : Layer
{
    public Dropout(double rate, Shape? input_shape = null, string? name = null) : base(name, input_shape)
    {
        if (rate < 0 || rate >= 1) throw new ArgumentException($"Dropout rate must be in [0, 1); got {rate}.");
        Rate = rate;
    }

    public double Rate { get; }

    protected override Shape Build(Shape inputShape, Device device) => inputShape;

    internal override Tensor Call(Tensor inputs, bool training) =>
        training && Rate > 0 ? F.dropout(inputs, Rate, training: true) : inputs;
}
