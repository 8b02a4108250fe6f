using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// The batches the test and predict loops walk, from arrays or from a generator: each batch made for its step alone
/// (views of arrays, or a generator's batch), which the loop frees after the step.
/// </summary>
internal static class DataBatches
{
    /// <summary>Arrays in order, <paramref name="batchSize"/> samples at a time.</summary>
    public static IEnumerable<DataArrays> Of(DataArrays data, int batchSize, RandomState random) =>
        new BatchIterator(data.Samples, batchSize, random).Pass(shuffle: false).Select(b => new DataArrays(
            data.X.Select(b.Take).ToList(), data.Y.Select(b.Take).ToList(), data.SampleWeights is null ? null : b.Take(data.SampleWeights)));

    /// <summary>
    /// <paramref name="steps"/> batches of a generator. For training and evaluation (<paramref name="checkedFor"/> given),
    /// each must carry targets, checked against that model as arrays are; for prediction (null), targets are dropped.
    /// </summary>
    public static IEnumerable<DataArrays> Of(IDataIterator generator, int steps, BaseModel? checkedFor)
    {
        for (int i = 0; i < steps; i++)
        {
            var (x, y) = generator.Next();
            if (checkedFor is null || y is null)
            {
                y?.Dispose();
                if (checkedFor is null)
                {
                    yield return new DataArrays(new[] { x }, Array.Empty<Tensor>());
                    continue;
                }
                x.Dispose();
                throw new InvalidOperationException("The generator's batches carry no targets (class_mode null); training and evaluation need them. Use PredictGenerator.");
            }
            IReadOnlyList<Tensor> targets;
            try
            {
                targets = TrainingUtils.CheckData(checkedFor, new[] { x }, new[] { y }, "generator");
            }
            catch
            {
                x.Dispose();
                y.Dispose();
                throw;
            }
            if (!ReferenceEquals(targets[0], y)) y.Dispose(); // a (N) batch became a (N, 1) view, which keeps the storage
            yield return new DataArrays(new[] { x }, targets);
        }
    }
}
