using Keras.Layers;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// The checks Keras 2.2 makes of the data given to <c>fit</c>, <c>evaluate</c> and <c>predict</c>
/// (keras/engine/training_utils.py): the arrays' count and shapes against the model's inputs and outputs, the targets
/// against each loss, 1-D targets of a one-unit output made columns, the validation split, and the sample weights that
/// <c>class_weight</c> and <c>sample_weight</c> give.
/// </summary>
internal static class TrainingUtils
{
    /// <summary>Checks inputs against the model's Input layers: their number, then each array's shape.</summary>
    public static void CheckInputs(BaseModel model, IReadOnlyList<Tensor> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (model.Inputs.Count == 0) throw new InvalidOperationException("The model has no layers yet.");
        if (x.Count != model.Inputs.Count)
            throw new ArgumentException(
                $"Error when checking model input: the model expects {model.Inputs.Count} input array(s) " +
                $"({string.Join(", ", model.Inputs.Select(i => i.Layer.Name))}), but {x.Count} were given.");
        for (int i = 0; i < x.Count; i++)
        {
            var t = x[i] ?? throw new ArgumentNullException(nameof(x), $"Input array {i} is null.");
            var expected = model.Inputs[i].Shape;
            if (t.dim() != expected.Rank + 1 || !t.shape.Skip(1).SequenceEqual(expected.Dims.Select(d => (long)d)))
                throw new ArgumentException(
                    $"Error when checking input: expected {model.Inputs[i].Layer.Name} to have shape {expected.ToBatchString()} " +
                    $"but got array with shape {Losses.Loss.Describe(t.shape)}. Reshape the data to (samples, {string.Join(", ", expected.Dims)}) " +
                    "or build the model with a matching input_shape.");
            if (t.shape[0] == 0) throw new ArgumentException("The input array holds no samples.");
            if (t.shape[0] != x[0].shape[0])
                throw new ArgumentException($"All input arrays should have the same number of samples; got {string.Join(", ", x.Select(a => a.shape[0]))}.");
        }
    }

    /// <summary>Checks inputs and targets together (<paramref name="what"/> names the data in errors); returns the targets as the losses take them.</summary>
    public static IReadOnlyList<Tensor> CheckData(BaseModel model, IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, string what)
    {
        CheckInputs(model, x);
        ArgumentNullException.ThrowIfNull(y);
        var objectives = model.CompiledObjectives;
        if (y.Count != model.Outputs.Count)
            throw new ArgumentException(
                $"Error when checking model target: the model has {model.Outputs.Count} output(s) " +
                $"({string.Join(", ", model.OutputNames)}), but {y.Count} target array(s) were given.");
        var columns = new List<Tensor>();
        for (int i = 0; i < y.Count; i++)
        {
            var target = AsColumn(y[i] ?? throw new ArgumentNullException(nameof(y), $"Target array {i} is null."), model.Outputs[i].Shape);
            if (target.dim() == 0 || target.shape[0] != x[0].shape[0])
                throw new ArgumentException(
                    $"Input arrays should have the same number of samples as target arrays ({what} data). " +
                    $"Found {x[0].shape[0]} input samples and {(target.dim() == 0 ? 0 : target.shape[0])} target samples.");
            objectives.Losses[i].ValidateTargets(target.shape, model.Outputs[i].Shape);
            columns.Add(target);
        }
        return columns;
    }

    /// <summary>Targets (N) for an output (None, 1) become (N, 1), as Keras's standardize_input_data expands 1-D arrays.</summary>
    private static Tensor AsColumn(Tensor y, Shape output) =>
        y.dim() == 1 && output.Rank == 1 && output[0] == 1 ? y.unsqueeze(1) : y;

    /// <summary>Splits off the last <paramref name="fraction"/> of the samples for validation, before any shuffling, as Keras does.</summary>
    public static (DataArrays Train, DataArrays Validation) ValidationSplit(DataArrays data, double fraction)
    {
        long n = data.Samples;
        long split = (long)(n * (1 - fraction));
        if (split <= 0 || split >= n)
            throw new ArgumentException($"validation_split={fraction} leaves no training or no validation samples out of {n}.");
        var validation = data.Narrow(split, n - split);
        return (data.Narrow(0, split), validation with { SampleWeights = null });
    }

    /// <summary>
    /// The per-sample loss weights Fit trains with, as Keras 2.2's <c>standardize_weights</c>: <paramref name="sampleWeight"/>
    /// as given (one per sample), else each sample's class weight (the class being the target's argmax, or the label
    /// itself for one-column or sparse targets), else none.
    /// </summary>
    public static Tensor? SampleWeights(IReadOnlyList<Tensor> y, IReadOnlyDictionary<int, double>? classWeight, Tensor? sampleWeight)
    {
        long n = y[0].shape[0];
        if (sampleWeight is not null)
        {
            if (sampleWeight.dim() != 1 || sampleWeight.shape[0] != n)
                throw new ArgumentException($"sample_weight must hold one weight per sample, shape ({n}); got {Losses.Loss.Describe(sampleWeight.shape)}.");
            return sampleWeight.to(ScalarType.Float32);
        }
        if (classWeight is null) return null;
        if (y.Count != 1)
            throw new ArgumentException($"class_weight weighs the classes of one output; this model has {y.Count}. Pass sample_weight instead.");
        var target = y[0];
        if (target.dim() > 2) throw new ArgumentException("class_weight is not supported for 3+ dimensional targets.");
        using var classes = (target.dim() == 2 && target.shape[1] > 1 ? target.argmax(1) : target.reshape(-1)).to(ScalarType.Int64).cpu();
        var labels = classes.data<long>().ToArray();
        var missing = labels.Where(c => c > int.MaxValue || c < int.MinValue || !classWeight.ContainsKey((int)c)).Distinct().Order().ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"class_weight must contain all classes in the data. The classes {{{string.Join(", ", missing)}}} exist in the data but not in class_weight.");
        return tensor(labels.Select(c => (float)classWeight[(int)c]).ToArray());
    }
}
