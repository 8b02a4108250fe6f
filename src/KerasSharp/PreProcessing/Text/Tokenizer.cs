namespace Keras.PreProcessing.Text;

/// <summary>
/// Keras's <c>Tokenizer</c> (keras_preprocessing 1.1): learns a vocabulary from texts (<see cref="FitOnTexts"/>), its
/// words indexed from 1 by frequency (ties in order of first sight; the oov_token first, when given), and turns texts
/// into sequences of those indices (<see cref="TextsToSequences"/>) and back. With num_words only the num_words - 1
/// most frequent words are kept in sequences.
/// </summary>
public sealed class Tokenizer
{
    private readonly Dictionary<string, int> _wordCounts = new(), _wordDocs = new();
    private readonly List<string> _firstSeen = new();
    private Dictionary<string, int> _wordIndex = new();
    private Dictionary<int, string> _indexWord = new();

    /// <summary>A tokenizer with Keras's settings.</summary>
    /// <param name="num_words">The most words kept in sequences (the num_words - 1 most frequent); all by default.</param>
    /// <param name="filters">The characters removed from texts.</param>
    /// <param name="lower">Whether texts are lowered.</param>
    /// <param name="split">The separator between words.</param>
    /// <param name="char_level">Whether every character is a token.</param>
    /// <param name="oov_token">A token standing for words outside the vocabulary, given index 1; none by default (such words are dropped).</param>
    /// <param name="document_count">The number of texts already seen.</param>
    public Tokenizer(int? num_words = null, string filters = TextUtil.DefaultFilters, bool lower = true, string split = " ", bool char_level = false,
        string? oov_token = null, int document_count = 0)
    {
        if (num_words is <= 0) throw new ArgumentException($"num_words must be positive; got {num_words}.");
        (NumWords, Filters, Lower, Split, CharLevel, OovToken, DocumentCount) = (num_words, filters ?? "", lower, split, char_level, oov_token, document_count);
    }

    /// <summary>The most words kept in sequences, or null for all.</summary>
    public int? NumWords { get; }
    /// <summary>The characters removed from texts.</summary>
    public string Filters { get; }
    /// <summary>Whether texts are lowered.</summary>
    public bool Lower { get; }
    /// <summary>The separator between words.</summary>
    public string Split { get; }
    /// <summary>Whether every character is a token.</summary>
    public bool CharLevel { get; }
    /// <summary>The out-of-vocabulary token, if any.</summary>
    public string? OovToken { get; }
    /// <summary>The number of texts seen.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>Each word's index, 1 for the most frequent (Keras's <c>word_index</c>).</summary>
    public IReadOnlyDictionary<string, int> WordIndex => _wordIndex;
    /// <summary>Each index's word (Keras's <c>index_word</c>).</summary>
    public IReadOnlyDictionary<int, string> IndexWord => _indexWord;
    /// <summary>How often each word occurred (Keras's <c>word_counts</c>).</summary>
    public IReadOnlyDictionary<string, int> WordCounts => _wordCounts;
    /// <summary>In how many texts each word occurred (Keras's <c>word_docs</c>).</summary>
    public IReadOnlyDictionary<string, int> WordDocs => _wordDocs;

    /// <summary>Learns the vocabulary from texts, adding to what was learnt before, and indexes it afresh.</summary>
    /// <param name="texts">The texts.</param>
    public void FitOnTexts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            DocumentCount++;
            var words = Words(text);
            foreach (var w in words)
            {
                if (_wordCounts.TryGetValue(w, out int n)) _wordCounts[w] = n + 1;
                else
                {
                    _wordCounts[w] = 1;
                    _firstSeen.Add(w);
                }
            }
            foreach (var w in words.Distinct()) _wordDocs[w] = _wordDocs.GetValueOrDefault(w) + 1;
        }
        // By count, most frequent first; equal counts keep the order words were first seen in (Python's stable sort).
        var vocabulary = (OovToken is null ? Array.Empty<string>() : new[] { OovToken })
            .Concat(_firstSeen.Select((w, i) => (w, i)).OrderByDescending(p => _wordCounts[p.w]).ThenBy(p => p.i).Select(p => p.w)).ToList();
        _wordIndex = new Dictionary<string, int>();
        for (int i = 0; i < vocabulary.Count; i++) _wordIndex[vocabulary[i]] = i + 1;
        _indexWord = _wordIndex.ToDictionary(p => p.Value, p => p.Key);
    }

    /// <summary>Each text as the indices of its words, as Keras's <c>texts_to_sequences</c>: unknown words (and those beyond num_words) are dropped, or become the oov_token's index.</summary>
    /// <param name="texts">The texts.</param>
    /// <returns>One sequence per text.</returns>
    public int[][] TextsToSequences(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int? oov = OovToken is not null && _wordIndex.TryGetValue(OovToken, out int o) ? o : null;
        return texts.Select(text => Words(text).SelectMany(w => _wordIndex.TryGetValue(w, out int i)
            ? (NumWords is int limit && i >= limit ? (oov is int oi ? new[] { oi } : Array.Empty<int>()) : new[] { i })
            : (OovToken is not null && oov is int oj ? new[] { oj } : Array.Empty<int>())).ToArray()).ToArray();
    }

    /// <summary>Each sequence of indices as its words joined by spaces, as Keras's <c>sequences_to_texts</c>.</summary>
    /// <param name="sequences">The sequences.</param>
    /// <returns>One text per sequence.</returns>
    public string[] SequencesToTexts(IEnumerable<IReadOnlyList<int>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int? oov = OovToken is not null && _wordIndex.TryGetValue(OovToken, out int o) ? o : null;
        return sequences.Select(sequence => string.Join(" ", sequence.SelectMany(i => _indexWord.TryGetValue(i, out var word)
            ? (NumWords is int limit && i >= limit ? (oov is int oi ? new[] { _indexWord[oi] } : Array.Empty<string>()) : new[] { word })
            : (oov is int oj ? new[] { _indexWord[oj] } : Array.Empty<string>())))).ToArray();
    }

    private IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!CharLevel) return TextUtil.TextToWordSequence(text, Filters, Lower, Split);
        return (Lower ? text.ToLowerInvariant() : text).Select(c => c.ToString()).ToList();
    }
}
