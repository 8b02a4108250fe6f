using System.Text.Json;
using Keras.Utils;
using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>
/// What Keras 2.2's IMDB and Reuters loaders share: their npz files of word-index lists (object arrays, read as plain
/// data), NumPy's legacy shuffle under the seed, the index shifts (start_char, index_from), the maxlen filter (sequences
/// shorter than maxlen kept), num_words and skip_top with oov_char, and the word index files.
/// </summary>
internal static class TextDatasets
{
    /// <summary>The most a text dataset's file may hold: IMDB's is 17 MB, Reuters's 2 MB.</summary>
    public const long MaxBytes = 64L << 20;

    public static T Take<T>(Dictionary<string, object> arrays, string file, string name) where T : class =>
        arrays.TryGetValue(name, out var value) ? value as T ?? throw new InvalidDataException($"{file}: '{name}' is not what Keras stores there.")
            : throw new InvalidDataException($"{file} has no array '{name}'.");

    /// <summary>Labels as longs, one per sequence.</summary>
    public static long[] Labels(Tensor labels, int count, string file, string name)
    {
        if (labels.dim() != 1 || labels.shape[0] != count)
            throw new InvalidDataException($"{file}: '{name}' holds {(labels.dim() == 1 ? labels.shape[0] : labels.numel())} labels for {count} sequences.");
        using var values = labels.to_type(ScalarType.Int64);
        return values.data<long>().ToArray();
    }

    /// <summary>Both arrays in the order NumPy's legacy shuffle, drawing from <paramref name="random"/>, puts their indices in.</summary>
    public static (int[][] X, long[] Y) Shuffled(int[][] x, long[] y, NumpyLegacyRandom random)
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        random.Shuffle(order);
        return (order.Select(i => x[i]).ToArray(), order.Select(i => y[i]).ToArray());
    }

    /// <summary>Keras's shifts, maxlen filter and vocabulary cut, on every sequence in order; the labels follow.</summary>
    public static (List<int[]> X, List<long> Y) Prepare(IEnumerable<int[]> xs, IEnumerable<long> labels, int? numWords, int skipTop, int? maxlen,
        int? startChar, int? oovChar, int indexFrom)
    {
        var sequences = xs.Select(x => startChar is int start ? x.Select(w => w + indexFrom).Prepend(start).ToArray()
            : indexFrom != 0 ? x.Select(w => w + indexFrom).ToArray() : x).ToList();
        var ys = labels.ToList();
        if (maxlen is int longest)
        {
            var kept = Enumerable.Range(0, sequences.Count).Where(i => sequences[i].Length < longest).ToList();
            (sequences, ys) = (kept.Select(i => sequences[i]).ToList(), kept.Select(i => ys[i]).ToList());
            if (sequences.Count == 0) throw new ArgumentException($"After filtering for sequences shorter than maxlen={longest}, no sequence was kept. Increase maxlen.");
        }
        int words = numWords ?? sequences.Where(s => s.Length > 0).Select(s => s.Max()).DefaultIfEmpty(0).Max();
        sequences = sequences.Select(s => oovChar is int oov
            ? s.Select(w => skipTop <= w && w < words ? w : oov).ToArray()
            : s.Where(w => skipTop <= w && w < words).ToArray()).ToList();
        return (sequences, ys);
    }

    public static NDarray LabelArray(IEnumerable<long> labels) => tensor(labels.ToArray());

    /// <summary>A word index file: each word's index, as Keras's <c>get_word_index</c>.</summary>
    public static Dictionary<string, int> WordIndex(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(SafeFile.ReadAllText(file))
                ?? throw new InvalidDataException($"{file} holds no word index.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a word index (a JSON object of words and their indices): {e.Message}", e);
        }
    }
}
