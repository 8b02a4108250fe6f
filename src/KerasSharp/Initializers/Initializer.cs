using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Initializers;

/// <summary>Makes a layer's initial weights. A string such as <c>"glorot_uniform"</c> converts to one.</summary>
public abstract class Initializer
{
    private static readonly NameRegistry<Initializer> Known = new("initializer", new()
    {
        ["glorot_uniform"] = () => new GlorotUniform(),
        ["glorot_normal"] = () => new GlorotNormal(),
        ["he_uniform"] = () => new HeUniform(),
        ["he_normal"] = () => new HeNormal(),
        ["zeros"] = () => new Zeros(),
        ["zero"] = () => new Zeros(),
        ["ones"] = () => new Ones(),
        ["one"] = () => new Ones(),
    });

    /// <summary>A float32 CPU tensor of the given Keras shape.</summary>
    /// <param name="shape">The weight's shape in Keras's layout.</param>
    /// <param name="generator">The CPU generator to draw from; libtorch's global one when null. Layers pass their model's.</param>
    public abstract Tensor Generate(Shape shape, Generator? generator = null);

    /// <summary>The initializer with a Keras name.</summary>
    /// <param name="name"><c>glorot_uniform</c>, <c>glorot_normal</c>, <c>he_uniform</c>, <c>he_normal</c>, <c>zeros</c> or <c>ones</c>.</param>
    /// <returns>A new initializer.</returns>
    public static Initializer Get(string name) => Known.Get(name);

    /// <summary>Lets a Keras name stand for an initializer: <c>kernel_initializer: "he_normal"</c>.</summary>
    /// <param name="name">The initializer's Keras name.</param>
    public static implicit operator Initializer(string name) => Get(name);

    /// <summary>Keras's fans: (in, out) for a matrix; in*rf and out*rf for a conv kernel (kh, kw, in, out).</summary>
    /// <param name="shape">A weight's shape in Keras's layout.</param>
    public static (double FanIn, double FanOut) ComputeFans(Shape shape)
    {
        if (shape.Rank == 2) return (shape[0], shape[1]);
        if (shape.Rank is >= 3 and <= 5)
        {
            double receptive = shape.Dims.Take(shape.Rank - 2).Aggregate(1.0, (a, b) => a * b);
            return (shape[-2] * receptive, shape[-1] * receptive);
        }
        double size = Math.Sqrt(shape.Size);
        return (size, size);
    }
}
