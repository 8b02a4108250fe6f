using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.PreProcessing.sequence;
using Keras.PreProcessing.Text;
using Numpy;

namespace KerasSharp.Tests;

/// <summary>
/// PadSequences and Tokenizer against Keras's own (keras_preprocessing 1.1, <c>python-env/keras_text.py</c>): every
/// padding and truncation, and a tokenizer's vocabulary, counts, sequences and texts, with num_words, oov_token,
/// char_level and custom filters.
/// </summary>
public class TextPreprocessingTests : SessionScopedTest
{
    private static readonly int[][] Reviews = { new[] { 5, 3, 8, 1, 9 }, Array.Empty<int>(), new[] { 7 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, new[] { 4, 4 } };

    private static readonly (string Name, Func<NDarray> Ours, object Kwargs)[] Paddings =
    {
        ("longest", () => SequenceUtil.PadSequences(Reviews), new { }),
        ("pre_pre", () => SequenceUtil.PadSequences(Reviews, maxlen: 4), new { maxlen = 4 }),
        ("post_post", () => SequenceUtil.PadSequences(Reviews, maxlen: 4, padding: "post", truncating: "post"), new { maxlen = 4, padding = "post", truncating = "post" }),
        ("pre_post_value", () => SequenceUtil.PadSequences(Reviews, maxlen: 6, truncating: "post", value: -1), new { maxlen = 6, truncating = "post", value = -1 }),
        ("float", () => SequenceUtil.PadSequences(Reviews, maxlen: 3, dtype: "float32", padding: "post"), new { maxlen = 3, dtype = "float32", padding = "post" }),
    };

    private static readonly string[] Corpus =
    {
        "The film was great, really GREAT!", "A terrible film.\tTerrible acting; the plot? None.", "great acting, great film",
        "It's the director's best (so far)...", "Café crème: the film's ending was great",
    };

    private static readonly (string Name, Func<Tokenizer> Ours, object Kwargs)[] Tokenizers =
    {
        ("default", () => new Tokenizer(), new { }),
        ("num_words_oov", () => new Tokenizer(num_words: 6, oov_token: "<OOV>"), new { num_words = 6, oov_token = "<OOV>" }),
        ("num_words", () => new Tokenizer(num_words: 4), new { num_words = 4 }),
        ("filters_case", () => new Tokenizer(filters: ".,!", lower: false), new { filters = ".,!", lower = false }),
        ("chars", () => new Tokenizer(char_level: true, num_words: 10), new { char_level = true, num_words = 10 }),
    };

    [SkippableFact]
    public void Padding_and_tokenizing_give_what_keras_gives()
    {
        PythonEnvironment.Require("numpy", "keras_preprocessing");
        string folder = Directory.CreateTempSubdirectory("kerassharp-text-").FullName;
        var unseen = new[] { "the film was unknown to me", "GREAT great terrible", "" };
        var cases = new JsonObject
        {
            ["pad"] = new JsonObject(Paddings.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)new JsonObject
            {
                ["sequences"] = JsonSerializer.SerializeToNode(Reviews), ["kwargs"] = JsonSerializer.SerializeToNode(p.Kwargs),
            }))),
            ["tokenizer"] = new JsonObject(Tokenizers.Select(t => KeyValuePair.Create(t.Name, (JsonNode?)new JsonObject
            {
                ["kwargs"] = JsonSerializer.SerializeToNode(t.Kwargs), ["fit"] = JsonSerializer.SerializeToNode(Corpus),
                ["texts"] = JsonSerializer.SerializeToNode(Corpus.Concat(unseen)),
            }))),
        };
        File.WriteAllText(Path.Combine(folder, "cases.json"), cases.ToJsonString());
        PythonEnvironment.Script("keras_text.py", Path.Combine(folder, "cases.json"), Path.Combine(folder, "out"));

        foreach (var (name, ours, _) in Paddings)
            Assert.True(NumpyReference.Difference(np.load(Path.Combine(folder, "out", name + ".npy")), ours()) is null, name);

        var keras = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "out", "tokenizers.json")))!;
        foreach (var (name, make, _) in Tokenizers)
        {
            var tokenizer = make();
            tokenizer.FitOnTexts(Corpus);
            var expected = keras[name]!;
            Assert.Equal(Dict(expected["word_index"]!), tokenizer.WordIndex.ToDictionary());
            Assert.Equal(Dict(expected["word_counts"]!), tokenizer.WordCounts.ToDictionary());
            Assert.Equal(Dict(expected["word_docs"]!), tokenizer.WordDocs.ToDictionary());
            Assert.Equal(expected["document_count"]!.GetValue<int>(), tokenizer.DocumentCount);
            var sequences = tokenizer.TextsToSequences(Corpus.Concat(unseen));
            Assert.Equal(expected["sequences"]!.AsArray().Select(s => s!.AsArray().Select(i => i!.GetValue<int>()).ToArray()), sequences);
            Assert.Equal(expected["texts"]!.AsArray().Select(t => t!.GetValue<string>()), tokenizer.SequencesToTexts(sequences));
            // Keras's word order: most frequent first, ties in order of first sight.
            Assert.Equal(expected["word_index"]!.AsObject().OrderBy(p => p.Value!.GetValue<int>()).Select(p => p.Key), tokenizer.WordIndex.OrderBy(p => p.Value).Select(p => p.Key));
        }
    }

    private static Dictionary<string, int> Dict(JsonNode node) => node.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());

    [Fact]
    public void Bad_arguments_are_refused_saying_what_to_give()
    {
        Assert.Contains("padding must be 'pre' or 'post'", Assert.Throws<ArgumentException>(() => SequenceUtil.PadSequences(Reviews, padding: "middle")).Message);
        Assert.Contains("maxlen must be positive", Assert.Throws<ArgumentException>(() => SequenceUtil.PadSequences(Reviews, maxlen: 0)).Message);
        Assert.Equal("(2, 3)", SequenceUtil.PadSequences(np.array(new[,] { { 1, 2 }, { 3, 4 } }), maxlen: 3).shape.ToString());
    }
}
