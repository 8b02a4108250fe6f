using Keras.Layers;

namespace Keras.Models;

/// <summary>
/// A model of the functional API, as Keras's <c>Model(inputs, outputs)</c>: every layer applied between the given
/// <see cref="Input"/>s and outputs, with several inputs and outputs, layers shared between calls (one set of weights),
/// and models used as layers.
/// </summary>
public sealed class Model : BaseModel
{
    /// <summary>The model from its inputs to its outputs, as Keras.NET writes it: <c>new Model(new Input[] { input }, new BaseLayer[] { output })</c>.</summary>
    /// <param name="inputs">The model's <see cref="Input"/>s, in the order its data will be given.</param>
    /// <param name="outputs">The tensors it produces (layers applied once stand for their output), in the order its targets will be given.</param>
    /// <param name="name">The model's name; <c>model_1</c> and so on by default.</param>
    public Model(IEnumerable<BaseLayer> inputs, IEnumerable<BaseLayer> outputs, string? name = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var inputTensors = inputs.Select(i => (i ?? throw new ArgumentNullException(nameof(inputs))).AsTensor()).ToList();
        if (inputTensors.Count == 0) throw new ArgumentException("A model needs at least one Input.");
        SetGraph(inputTensors, outputs.Select(o => (o ?? throw new ArgumentNullException(nameof(outputs))).AsTensor()).ToList());
    }

    /// <summary>The model of one input and one output, as Keras's <c>Model(inputs=x, outputs=y)</c>.</summary>
    /// <param name="inputs">The model's <see cref="Input"/>.</param>
    /// <param name="outputs">The tensor it produces.</param>
    /// <param name="name">The model's name; <c>model_1</c> and so on by default.</param>
    public Model(BaseLayer inputs, BaseLayer outputs, string? name = null) : this(new[] { inputs }, new[] { outputs }, name)
    {
    }
}
