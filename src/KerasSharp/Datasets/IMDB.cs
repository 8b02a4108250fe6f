namespace Keras.Datasets;

/// <summary>
/// IMDB movie reviews labelled by sentiment, as Keras 2.2's <c>keras.datasets.imdb</c>: 25,000 training and 25,000 test
/// reviews, each a list of word indices (by frequency in the dataset), labels 0 (negative) and 1 (positive). Reviews come
/// as <c>int[][]</c> of any length: pad them with <c>SequenceUtil.PadSequences</c> for an Embedding.
/// </summary>
public static class IMDB
{
    /// <summary>Where Keras downloads <c>imdb.npz</c> from.</summary>
    public const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz";
    /// <summary>Keras's md5 of <c>imdb.npz</c>; a download must match it.</summary>
    public const string FileHash = "599dadb1135973df5b59232a0e9a887c";
    /// <summary>Where Keras downloads the word index from.</summary>
    public const string WordIndexOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json";
    /// <summary>Keras's md5 of <c>imdb_word_index.json</c>.</summary>
    public const string WordIndexHash = "bfafd718b763782e994055a2d397834f";

    /// <summary>
    /// The reviews as Keras 2.2's <c>imdb.load_data</c> gives them: each part shuffled by NumPy's legacy shuffle under
    /// <paramref name="seed"/>, every index shifted by index_from and start_char put first, reviews no shorter than maxlen
    /// dropped, and indices outside [skip_top, num_words) made oov_char (or dropped without one). As in Keras 2.2, the
    /// first 25,000 reviews after the maxlen filter are the training ones.
    /// </summary>
    /// <param name="path">An <c>imdb.npz</c> file; by default <c>datasets/imdb.npz</c> in the Keras cache, downloaded when missing.</param>
    /// <param name="num_words">Keep the num_words most frequent words (indices below it); all by default.</param>
    /// <param name="skip_top">Also drop the skip_top most frequent words.</param>
    /// <param name="maxlen">Keep only reviews shorter than maxlen (start_char counted).</param>
    /// <param name="seed">The shuffle's seed; Keras's 113 by default.</param>
    /// <param name="start_char">The index put first in every review; null for none.</param>
    /// <param name="oov_char">The index that stands for dropped words; null to remove them.</param>
    /// <param name="index_from">What every word index is shifted by (0 is padding, 1 start, 2 out of vocabulary).</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    /// <returns>((x_train, y_train), (x_test, y_test)): reviews as <c>int[][]</c>, labels int64.</returns>
    public static ((int[][] x_train, Numpy.NDarray y_train), (int[][] x_test, Numpy.NDarray y_test)) LoadData(string? path = null, int? num_words = null,
        int skip_top = 0, int? maxlen = null, int seed = 113, int? start_char = 1, int? oov_char = 2, int index_from = 3, string? cache_dir = null)
    {
        string file = path ?? DatasetFiles.DataFile("imdb.npz", null, cache_dir, "datasets", Array.Empty<string>(), Origin, FileHash, TextDatasets.MaxBytes);
        var arrays = NpyReader.LoadNpzWithSequences(file);
        var xTrain = TextDatasets.Take<int[][]>(arrays, file, "x_train");
        var xTest = TextDatasets.Take<int[][]>(arrays, file, "x_test");
        var yTrain = TextDatasets.Labels(TextDatasets.Take<TorchSharp.torch.Tensor>(arrays, file, "y_train"), xTrain.Length, file, "y_train");
        var yTest = TextDatasets.Labels(TextDatasets.Take<TorchSharp.torch.Tensor>(arrays, file, "y_test"), xTest.Length, file, "y_test");
        // One generator for both parts, as Keras seeds once and shuffles the training reviews, then the test ones.
        var random = new NumpyLegacyRandom((uint)seed);
        (xTrain, yTrain) = TextDatasets.Shuffled(xTrain, yTrain, random);
        (xTest, yTest) = TextDatasets.Shuffled(xTest, yTest, random);
        var (xs, ys) = TextDatasets.Prepare(xTrain.Concat(xTest), yTrain.Concat(yTest), num_words, skip_top, maxlen, start_char, oov_char, index_from);
        int split = Math.Min(xTrain.Length, xs.Count);
        return ((xs.Take(split).ToArray(), TextDatasets.LabelArray(ys.Take(split))), (xs.Skip(split).ToArray(), TextDatasets.LabelArray(ys.Skip(split))));
    }

    /// <summary>Each word's index, as Keras's <c>imdb.get_word_index</c> (before the index_from shift).</summary>
    /// <param name="path">An <c>imdb_word_index.json</c>; by default the Keras cache's, downloaded when missing.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of the default.</param>
    /// <returns>Words and their indices.</returns>
    public static Dictionary<string, int> GetWordIndex(string? path = null, string? cache_dir = null) =>
        TextDatasets.WordIndex(path ?? DatasetFiles.DataFile("imdb_word_index.json", null, cache_dir, "datasets", Array.Empty<string>(), WordIndexOrigin, WordIndexHash, TextDatasets.MaxBytes));
}
