namespace Keras.Datasets;

/// <summary>
/// Reuters newswires labelled with 46 topics, as Keras 2.2's <c>keras.datasets.reuters</c>: 11,228 wires, each a list of
/// word indices, split by test_split after shuffling. Wires come as <c>int[][]</c>; pad them with <c>SequenceUtil.PadSequences</c>.
/// </summary>
public static class Reuters
{
    /// <summary>Where Keras downloads <c>reuters.npz</c> from.</summary>
    public const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz";
    /// <summary>Keras's md5 of <c>reuters.npz</c>; a download must match it.</summary>
    public const string FileHash = "87aedbeb0cb229e378797a632c1997b6";
    /// <summary>Where Keras downloads the word index from.</summary>
    public const string WordIndexOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json";
    /// <summary>Keras's md5 of <c>reuters_word_index.json</c>.</summary>
    public const string WordIndexHash = "4d44cc38712099c9e383dc6e5f11a921";

    /// <summary>
    /// The wires as Keras 2.2's <c>reuters.load_data</c> gives them: shuffled by NumPy's legacy shuffle under
    /// <paramref name="seed"/>, shifted, filtered and cut as IMDB's (<see cref="IMDB.LoadData"/>), the first
    /// (1 - test_split) of them for training.
    /// </summary>
    /// <param name="path">A <c>reuters.npz</c> file; by default the Keras cache's, downloaded when missing.</param>
    /// <param name="num_words">Keep the num_words most frequent words; all by default.</param>
    /// <param name="skip_top">Also drop the skip_top most frequent words.</param>
    /// <param name="maxlen">Keep only wires shorter than maxlen.</param>
    /// <param name="test_split">The fraction of the wires kept for testing.</param>
    /// <param name="seed">The shuffle's seed; Keras's 113 by default.</param>
    /// <param name="start_char">The index put first in every wire; null for none.</param>
    /// <param name="oov_char">The index that stands for dropped words; null to remove them.</param>
    /// <param name="index_from">What every word index is shifted by.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of the default.</param>
    /// <returns>((x_train, y_train), (x_test, y_test)): wires as <c>int[][]</c>, topics int64.</returns>
    public static ((int[][] x_train, Numpy.NDarray y_train), (int[][] x_test, Numpy.NDarray y_test)) LoadData(string? path = null, int? num_words = null,
        int skip_top = 0, int? maxlen = null, double test_split = 0.2, int seed = 113, int? start_char = 1, int? oov_char = 2, int index_from = 3,
        string? cache_dir = null)
    {
        if (test_split is < 0 or > 1 || double.IsNaN(test_split)) throw new ArgumentException($"test_split must be in [0, 1]; got {test_split}.");
        string file = path ?? DatasetFiles.DataFile("reuters.npz", null, cache_dir, "datasets", Array.Empty<string>(), Origin, FileHash, TextDatasets.MaxBytes);
        var arrays = NpyReader.LoadNpzWithSequences(file);
        var x = TextDatasets.Take<int[][]>(arrays, file, "x");
        var y = TextDatasets.Labels(TextDatasets.Take<TorchSharp.torch.Tensor>(arrays, file, "y"), x.Length, file, "y");
        (x, y) = TextDatasets.Shuffled(x, y, new NumpyLegacyRandom((uint)seed));
        var (xs, ys) = TextDatasets.Prepare(x, y, num_words, skip_top, maxlen, start_char, oov_char, index_from);
        int split = (int)(xs.Count * (1 - test_split));
        return ((xs.Take(split).ToArray(), TextDatasets.LabelArray(ys.Take(split))), (xs.Skip(split).ToArray(), TextDatasets.LabelArray(ys.Skip(split))));
    }

    /// <summary>Each word's index, as Keras's <c>reuters.get_word_index</c>.</summary>
    /// <param name="path">A <c>reuters_word_index.json</c>; by default the Keras cache's, downloaded when missing.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of the default.</param>
    /// <returns>Words and their indices.</returns>
    public static Dictionary<string, int> GetWordIndex(string? path = null, string? cache_dir = null) =>
        TextDatasets.WordIndex(path ?? DatasetFiles.DataFile("reuters_word_index.json", null, cache_dir, "datasets", Array.Empty<string>(), WordIndexOrigin, WordIndexHash, TextDatasets.MaxBytes));
}
