using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// The one read-then-apply transaction every format loads through: what a file holds for a model (the weights' values
/// and, when it has it and the model is compiled to match, the optimizer's state in its one order and its step count)
/// is read and checked in full first; <see cref="ApplyTo"/> then sets it all. A read that fails frees what it read
/// (<see cref="Read"/>), so a bad file never half-changes a model.
/// </summary>
internal sealed class LoadedState
{
    public List<(Weight Weight, Tensor Value)> Values { get; } = new();

    /// <summary>The optimizer's state in <see cref="Optimizers.Optimizer.GetState"/>'s order, or null when none was read.</summary>
    public List<Tensor>? OptimizerState { get; set; }

    /// <summary>The optimizer's step count, or null when none was read.</summary>
    public long? Iterations { get; set; }

    /// <summary>Runs a read of <paramref name="path"/> into this, turning the reader's own errors into one that names the file; frees what was read if it fails.</summary>
    public void Read(string path, string what, Action read)
    {
        bool complete = false;
        try
        {
            read();
            complete = true;
        }
        catch (Exception e) when (e is not (InvalidDataException or FileNotFoundException))
        {
            // PureHDF reports a damaged or foreign file with exceptions of its own.
            throw new InvalidDataException($"'{path}' could not be read as {what}: {e.Message}", e);
        }
        finally
        {
            if (!complete) DisposeAll();
        }
    }

    /// <summary>Sets everything read: the weights, then the optimizer's state and step count when the model is compiled.</summary>
    public void ApplyTo(BaseModel model)
    {
        try
        {
            foreach (var (weight, value) in Values) weight.Set(value);
            if (model.Optimizer is { } optimizer)
            {
                if (OptimizerState is { } state) optimizer.SetState(model.TrainableWeightList, state);
                if (Iterations is long iterations) optimizer.Iterations = iterations;
            }
        }
        finally
        {
            DisposeAll();
        }
    }

    /// <summary>Frees every tensor read: the weights' values and the optimizer's state.</summary>
    public void DisposeAll()
    {
        foreach (var (_, value) in Values) value.Dispose();
        foreach (var t in OptimizerState ?? Enumerable.Empty<Tensor>()) t.Dispose();
    }
}
