using Numpy;
using static TorchSharp.torch;

namespace Keras.PreProcessing.sequence;

/// <summary>
/// <c>keras.preprocessing.sequence</c> under Keras.NET's names: <see cref="PadSequences(IEnumerable{IReadOnlyList{int}}, int?, string, string, string, double)"/>,
/// which makes lists of word indices of any length into one (samples, maxlen) array, as Embedding layers take them.
/// </summary>
public static class SequenceUtil
{
    /// <summary>
    /// Sequences padded or cut to one length, as Keras's <c>pad_sequences</c>: the longest one's, or maxlen. Shorter ones
    /// are filled with <paramref name="value"/> before (padding "pre", Keras's default) or after ("post"); longer ones
    /// lose their start (truncating "pre", the default) or their end ("post").
    /// </summary>
    /// <param name="sequences">The sequences, such as IMDB's reviews or a Tokenizer's TextsToSequences.</param>
    /// <param name="maxlen">The length of every row; the longest sequence's by default.</param>
    /// <param name="dtype">The element type: "int32" (Keras's default), "int64", "float32" or "float64".</param>
    /// <param name="padding">"pre" or "post".</param>
    /// <param name="truncating">"pre" or "post".</param>
    /// <param name="value">The padding value.</param>
    /// <returns>An array (samples, maxlen).</returns>
    public static NDarray PadSequences(IEnumerable<IReadOnlyList<int>> sequences, int? maxlen = null, string dtype = "int32", string padding = "pre",
        string truncating = "pre", double value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (padding is not ("pre" or "post")) throw new ArgumentException($"padding must be 'pre' or 'post'; got '{padding}'.");
        if (truncating is not ("pre" or "post")) throw new ArgumentException($"truncating must be 'pre' or 'post'; got '{truncating}'.");
        var type = dtype switch
        {
            "int32" => ScalarType.Int32,
            "int64" => ScalarType.Int64,
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            _ => throw new ArgumentException($"dtype must be 'int32', 'int64', 'float32' or 'float64'; got '{dtype}'."),
        };
        var rows = sequences.Select(s => s ?? throw new ArgumentException("A sequence is null.")).ToList();
        int length = maxlen ?? (rows.Count == 0 ? 0 : rows.Max(r => r.Count));
        if (maxlen is <= 0) throw new ArgumentException($"maxlen must be positive; got {maxlen}.");
        var values = new double[rows.Count * (long)length];
        Array.Fill(values, value);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            int kept = Math.Min(row.Count, length);
            int from = truncating == "pre" ? row.Count - kept : 0;
            int to = padding == "pre" ? length - kept : 0;
            for (int k = 0; k < kept; k++) values[(long)i * length + to + k] = row[from + k];
        }
        return new NDarray(tensor(values, new long[] { rows.Count, length }).to_type(type));
    }

    /// <summary>Sequences padded or cut to one length, as the overload for any sequences: IMDB.LoadData's and TextsToSequences' <c>int[][]</c>.</summary>
    /// <param name="sequences">The sequences.</param>
    /// <param name="maxlen">The length of every row; the longest sequence's by default.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="padding">"pre" or "post".</param>
    /// <param name="truncating">"pre" or "post".</param>
    /// <param name="value">The padding value.</param>
    /// <returns>An array (samples, maxlen).</returns>
    public static NDarray PadSequences(int[][] sequences, int? maxlen = null, string dtype = "int32", string padding = "pre", string truncating = "pre", double value = 0) =>
        PadSequences((IEnumerable<IReadOnlyList<int>>)sequences, maxlen, dtype, padding, truncating, value);

    /// <summary>The rows of a two-axis array of indices padded or cut to maxlen, as Keras.NET's <c>PadSequences(NDarray)</c>.</summary>
    /// <param name="sequences">A (samples, length) array.</param>
    /// <param name="maxlen">The new length; the array's by default.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="padding">"pre" or "post".</param>
    /// <param name="truncating">"pre" or "post".</param>
    /// <param name="value">The padding value.</param>
    /// <returns>An array (samples, maxlen).</returns>
    public static NDarray PadSequences(NDarray sequences, int? maxlen = null, string dtype = "int32", string padding = "pre", string truncating = "pre", double value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.ndim != 2) throw new ArgumentException($"PadSequences takes (samples, length) indices; got shape {sequences.shape}.");
        var values = sequences.astype(np.int64).GetData<long>();
        int width = sequences.shape[1];
        var rows = Enumerable.Range(0, sequences.shape[0]).Select(r => (IReadOnlyList<int>)values.Skip(r * width).Take(width).Select(v => checked((int)v)).ToArray());
        return PadSequences(rows, maxlen, dtype, padding, truncating, value);
    }
}
