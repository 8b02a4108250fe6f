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

    // The value in a mixed policy's compute type for training steps (see TrainingCopy); null until the first such step.
    private Tensor? _trainingCopy;

    /// <summary>
    /// The value through <paramref name="cast"/> (a mixed policy's compute type and layout), refreshed in place, for a
    /// training step's first read of the weight. The copy is a leaf of the step's graph, so the step's gradient arrives
    /// in it in the compute type and <see cref="StepGradient"/> converts it once. A cast made afresh at each step put the
    /// cast and its backward into the graph and accumulated a float32 gradient into a zeroed buffer: two more passes over
    /// every weight per step (docs/performance.md has the measurement).
    /// </summary>
    internal Tensor TrainingCopy(Func<Tensor, Tensor> cast)
    {
        using var _ = no_grad();
        if (_trainingCopy is null)
        {
            _trainingCopy = cast(Value).detach().requires_grad_(Value.requires_grad).DetachFromDisposeScope();
            return _trainingCopy;
        }
        // A gradient that a failed step left without an update is not this step's.
        ReleaseCopyGradient();
        _trainingCopy.copy_(Value);
        return _trainingCopy;
    }

    /// <summary>
    /// This step's gradient in the value's type: the training copy's, converted, plus what reached the value itself
    /// (float32 layers, a second read of the weight in one step, a layer the bfloat16 kernel check sent to float32);
    /// null when there is none. <see cref="ClearGradients"/> ends the step.
    /// </summary>
    internal Tensor? StepGradient()
    {
        var own = Value.grad;
        using var low = _trainingCopy?.grad;
        if (low is null) return own;
        var gradient = low.to(Value.dtype);
        if (own is not null)
        {
            gradient.add_(own);
            own.Dispose();
        }
        return gradient;
    }

    /// <summary>Zeroes the value's gradient and drops the training copy's, after an update.</summary>
    internal void ClearGradients()
    {
        using (var own = Value.grad) own?.zero_();
        ReleaseCopyGradient();
    }

    private void ReleaseCopyGradient()
    {
        using var low = _trainingCopy?.grad;
        if (low is not null) _trainingCopy!.grad = null;
    }

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
