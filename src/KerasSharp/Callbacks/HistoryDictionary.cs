using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Keras.Callbacks;

/// <summary>
/// Per-epoch metric values by name. Keras 2.2 names accuracy <c>acc</c>; tf.keras names it
/// <c>accuracy</c>: both spellings (and <c>val_</c> forms) find the same list.
/// </summary>
public sealed class HistoryDictionary : IReadOnlyDictionary<string, IReadOnlyList<double>>
{
    private readonly Dictionary<string, List<double>> _values = new();

    internal void Add(string key, double value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<double>();
        list.Add(value);
    }

    private static string Canonical(string key) => key switch
    {
        "accuracy" => "acc",
        "val_accuracy" => "val_acc",
        _ => key,
    };

    /// <inheritdoc/>
    public IReadOnlyList<double> this[string key] =>
        TryGetValue(key, out var v)
            ? v
            : throw new KeyNotFoundException($"No metric '{key}' in this History. It has: {string.Join(", ", _values.Keys)}.");

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<double> value)
    {
        bool found = _values.TryGetValue(Canonical(key), out var list);
        value = list;
        return found;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(Canonical(key));
    /// <inheritdoc/>
    public IEnumerable<string> Keys => _values.Keys;
    /// <inheritdoc/>
    public IEnumerable<IReadOnlyList<double>> Values => _values.Values;
    /// <inheritdoc/>
    public int Count => _values.Count;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<double>>> GetEnumerator() =>
        _values.Select(kv => new KeyValuePair<string, IReadOnlyList<double>>(kv.Key, kv.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
