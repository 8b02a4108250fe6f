using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// Sums of the loss and each metric over the samples of a pass, kept on the device in float64, so that they are
/// read (and the device waited for) only when a mean is asked for.
/// </summary>
internal sealed class MetricSums : IDisposable
{
    private readonly Tensor[] _sums;
    private readonly string[] _names;

    public MetricSums(IEnumerable<string> names, Device device)
    {
        _names = names.ToArray();
        _sums = _names.Select(_ => zeros(1, ScalarType.Float64, device)).ToArray();
    }

    /// <summary>Adds <paramref name="scale"/> times a batch's value to the sum of the <paramref name="index"/>-th name, in float64.</summary>
    public void Add(int index, Tensor value, double scale = 1) => _sums[index].add_(value.to(ScalarType.Float64), scale);

    /// <summary>The means over <paramref name="count"/> samples, by name.</summary>
    public IReadOnlyList<(string Name, double Value)> Means(long count) =>
        _names.Select((name, i) => (name, _sums[i].item<double>() / count)).ToList();

    public void Dispose()
    {
        foreach (var sum in _sums) sum.Dispose();
    }
}
