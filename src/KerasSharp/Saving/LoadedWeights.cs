using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// What a model file holds for a model, read and checked in full before anything changes: the weights' values and,
/// when the file has it and the model is compiled to match, the optimizer's state. <see cref="ApplyTo"/> sets them all;
/// a read that fails frees what it read (<see cref="Read"/>), so a bad file never half-changes a model.
/// </summary>
internal sealed class LoadedWeights
{
    public List<(Weight Weight, Tensor Value)> Values { get; } = new();

    /// <summary>The optimizer's state tensors, in the order <see cref="Keras3Order"/> says.</summary>
    public List<Tensor> Slots { get; } = new();

    public long Iterations { get; set; }

    /// <summary>Whether the optimizer's state was read (its step count even when it keeps no tensors).</summary>
    public bool HasOptimizerState { get; set; }

    /// <summary>Keras 3's order of the state (weight by weight) rather than Keras 2's (kind by kind).</summary>
    public bool Keras3Order { get; set; }

    /// <summary>Runs a read of <paramref name="path"/> into this, turning the HDF5 reader's errors into one that names the file; frees what was read if it fails.</summary>
    public void Read(string path, string what, Action read) =>
        KerasWeightsFile.Guarded(path, what, read, Values.Select(v => v.Value).Concat(Slots));

    public void ApplyTo(BaseModel model)
    {
        foreach (var (weight, value) in Values)
        {
            weight.Set(value);
            value.Dispose();
        }
        if (HasOptimizerState && model.Optimizer is { } optimizer)
        {
            optimizer.SetKerasSlots(model.TrainableWeightList, Slots, Keras3Order);
            optimizer.Iterations = Iterations;
        }
        foreach (var slot in Slots) slot.Dispose();
    }
}
