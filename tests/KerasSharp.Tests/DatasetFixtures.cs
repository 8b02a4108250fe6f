using System.Text.Json;
using Keras.Datasets;
using Keras.PreProcessing.Image;
using Numpy;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Dataset files in the real formats, written once per test run by python-env/make_dataset_fixtures.py; and the real
/// Fashion-MNIST of Debian's dataset-fashion-mnist, for the tests that train on real pictures.
/// </summary>
internal static class DatasetFixtures
{
    private static readonly Lazy<(string Folder, JsonElement Expected)> Made = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-fixtures-").FullName;
        PythonEnvironment.Script("make_dataset_fixtures.py", folder);
        return (folder, JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "expected.json"))).RootElement);
    });

    public static string Folder
    {
        get
        {
            PythonEnvironment.Require("numpy");
            return Made.Value.Folder;
        }
    }

    public static JsonElement Expected => Made.Value.Expected;

    public static string File(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(JsonElement array) => array.EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();

    public static void RequireFashionMnist()
    {
        if (!System.IO.File.Exists(Path.Combine(FashionMNIST.DebianFolder, "train-images-idx3-ubyte.gz")))
            Prerequisite.Missing($"Debian's dataset-fashion-mnist is not installed ({FashionMNIST.DebianFolder} lacks it).",
                "tests/run.sh installs it (apt-get update && apt-get install dataset-fashion-mnist).");
    }

    /// <summary>
    /// The first <paramref name="trainCount"/> training and <paramref name="testCount"/> test pictures of each class of
    /// Fashion-MNIST as PNG files in a folder per class (<c>train/trouser/000.png</c>...), as flow_from_directory reads them.
    /// </summary>
    public static void WriteFashionMnistFolders(string train, string test, int trainCount, int testCount, params (long Label, string Name)[] classes)
    {
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMNIST.LoadData(cache_dir: Directory.CreateTempSubdirectory("kerassharp-fashion-").FullName);
        foreach (var (folder, x, y, count) in new[] { (train, xTrain, yTrain, trainCount), (test, xTest, yTest, testCount) })
            foreach (var (label, name) in classes)
            {
                var rows = np.where(y.Tensor.eq(label))[0].Tensor;
                Directory.CreateDirectory(Path.Combine(folder, name));
                for (int i = 0; i < count; i++)
                    ImageUtil.SaveImg(Path.Combine(folder, name, $"{i:D3}.png"), x.Tensor[rows[i]].unsqueeze(-1).to_type(ScalarType.Float32), scale: false);
            }
    }
}
