using Keras.Constraints;
using static TorchSharp.torch;

namespace Keras.Layers;

/// <summary>
/// A layer variable, such as <c>conv2d_1/kernel:0</c>. It is stored in the layout the engine
/// computes with and exposed in Keras's layout (a Conv2D kernel as (kh, kw, in, out)).
/// </summary>
public sealed class Weight
{
    private readonly Func<Tensor, Tensor> _toKeras;
    private readonly Func<Tensor, Tensor> _fromKeras;

    internal Weight(string name, Shape kerasShape, Tensor value, bool trainable, Constraint? constraint,
        Func<Tensor, Tensor>? toKeras = null, Func<Tensor, Tensor>? fromKeras = null)
    {
        Name = name;
        Shape = kerasShape;
        Trainable = trainable;
        Constraint = constraint;
        _toKeras = toKeras ?? (t => t);
        _fromKeras = fromKeras ?? (t => t);
        Value = value.DetachFromDisposeScope();
        if (trainable) Value.requires_grad_(true);
    }

    /// <summary>Keras's variable name: <c>layer/kernel:0</c>.</summary>
    public string Name { get; }

    /// <summary>Shape in Keras's layout.</summary>
    public Shape Shape { get; }

    /// <summary>Whether the optimizer updates it.</summary>
    public bool Trainable { get; }

    /// <summary>Applied after every update, if any.</summary>
    public Constraint? Constraint { get; }

    /// <summary>The engine tensor (engine layout). Optimizers update it in place.</summary>
    internal Tensor Value { get; }

    /// <summary>The number of scalars it holds.</summary>
    public long Size => Shape.Size;

    /// <summary>A view of the engine tensor in Keras's layout; writes through it reach the weight.</summary>
    internal Tensor KerasView() => _toKeras(Value);

    /// <summary>A tensor of this weight's engine shape (an optimizer slot) in Keras's layout, copied to the CPU.</summary>
    internal Tensor ToKerasLayout(Tensor engine)
    {
        using var _ = no_grad();
        return _toKeras(engine).cpu().contiguous().clone();
    }

    /// <summary>A tensor in this weight's Keras layout turned into the engine's, on the weight's device.</summary>
    internal Tensor FromKerasLayout(Tensor keras) => _fromKeras(keras.to(Value.dtype).to(Value.device));

    /// <summary>A copy of the value in Keras's layout, on the CPU.</summary>
    public Tensor Get()
    {
        using var _ = no_grad();
        return KerasView().cpu().contiguous().clone();
    }

    /// <summary>Sets the value from a tensor in Keras's layout.</summary>
    /// <param name="kerasValue">The new value, of the weight's Keras shape.</param>
    public void Set(Tensor kerasValue)
    {
        var shape = kerasValue.shape.Select(d => (int)d).ToArray();
        if (!shape.SequenceEqual(Shape.Dims))
            throw new ArgumentException($"Weight '{Name}' has shape {Shape}, but the value given has shape {Shape.PythonTuple(shape.Select(d => d.ToString()))}.");
        using var _ = no_grad();
        using var converted = _fromKeras(kerasValue.to(Value.dtype).to(Value.device));
        Value.copy_(converted);
    }

    /// <summary>Applies the constraint, if any, in Keras's layout (after each optimizer update).</summary>
    internal void ApplyConstraint()
    {
        if (Constraint is null) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var view = KerasView();
        view.copy_(Constraint.Apply(view));
    }
}
