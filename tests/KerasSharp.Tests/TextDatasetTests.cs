using System.Text.Json.Nodes;
using Keras.Datasets;

namespace KerasSharp.Tests;

/// <summary>
/// IMDB and Reuters from files in Keras's format (np.savez of object arrays of Python lists, written by NumPy,
/// <c>python-env/keras_text_datasets.py</c>), against Keras 2.2.4's load_data run with NumPy's own legacy generator: the
/// same reviews in the same order, with every argument; and the word index.
/// </summary>
public class TextDatasetTests : SessionScopedTest
{
    [SkippableFact]
    public void Imdb_and_reuters_come_out_as_keras_2_2_gives_them()
    {
        PythonEnvironment.Require("numpy");
        string folder = Directory.CreateTempSubdirectory("kerassharp-text-datasets-").FullName;
        PythonEnvironment.Script("keras_text_datasets.py", folder);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")))!.AsObject();
        foreach (var (name, node) in expected)
        {
            var kwargs = node!["kwargs"]!.AsObject();
            int? Int(string key) => kwargs.ContainsKey(key) ? kwargs[key]?.GetValue<int>() : null;
            int? Nullable(string key, int fallback) => kwargs.ContainsKey(key) ? kwargs[key]?.GetValue<int>() : fallback;
            var ((xTrain, yTrain), (xTest, yTest)) = node["dataset"]!.GetValue<string>() == "imdb"
                ? IMDB.LoadData(Path.Combine(folder, "imdb.npz"), Int("num_words"), Int("skip_top") ?? 0, Int("maxlen"), Int("seed") ?? 113,
                    Nullable("start_char", 1), Nullable("oov_char", 2), Int("index_from") ?? 3)
                : Reuters.LoadData(Path.Combine(folder, "reuters.npz"), Int("num_words"), Int("skip_top") ?? 0, Int("maxlen"),
                    kwargs["test_split"]?.GetValue<double>() ?? 0.2, Int("seed") ?? 113, Nullable("start_char", 1), Nullable("oov_char", 2), Int("index_from") ?? 3);
            int[][] Lists(string key) => node[key]!.AsArray().Select(x => x!.AsArray().Select(w => w!.GetValue<int>()).ToArray()).ToArray();
            long[] Labels(string key) => node[key]!.AsArray().Select(y => y!.GetValue<long>()).ToArray();
            Assert.Equal(Lists("x_train"), xTrain);
            Assert.Equal(Lists("x_test"), xTest);
            Assert.Equal(Labels("y_train"), yTrain.GetData<long>());
            Assert.Equal(Labels("y_test"), yTest.GetData<long>());
        }
        Assert.Equal(17, IMDB.GetWordIndex(Path.Combine(folder, "imdb_word_index.json"))["film"]);
    }

    [Fact]
    public void A_file_without_the_arrays_keras_stores_is_refused_naming_them()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-text-bad-").FullName;
        string path = Path.Combine(folder, "imdb.npz");
        System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create).Dispose();
        Assert.Contains("has no array 'x_train'", Assert.Throws<InvalidDataException>(() => IMDB.LoadData(path)).Message);
        File.WriteAllText(Path.Combine(folder, "words.json"), "[1, 2]");
        Assert.Contains("is not a word index", Assert.Throws<InvalidDataException>(() => IMDB.GetWordIndex(Path.Combine(folder, "words.json"))).Message);
    }
}
