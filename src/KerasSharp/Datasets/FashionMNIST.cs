using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>Fashion-MNIST, as <c>keras.datasets.fashion_mnist</c>: 28x28 grey images of clothes in 10 classes.</summary>
public static class FashionMNIST
{
    /// <summary>The folder Keras downloads the four Fashion-MNIST files from.</summary>
    public const string BaseUrl = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the four files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The ten class names, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>The sizes of the four files at <see cref="BaseUrl"/>; a download may be at most twice that. Their publisher gives MD5s only, so no hash is checked.</summary>
    private static readonly Dictionary<string, long> FileBytes = new()
    {
        ["train-labels-idx1-ubyte.gz"] = 29_515, ["train-images-idx3-ubyte.gz"] = 26_421_880,
        ["t10k-labels-idx1-ubyte.gz"] = 5_148, ["t10k-images-idx3-ubyte.gz"] = 4_422_102,
    };

    private static readonly string[] Files =
        { "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz" };

    /// <summary>Returns ((x_train, y_train), (x_test, y_test)): x uint8 (N, 28, 28), y uint8 (N).</summary>
    /// <param name="path">Optional folder holding the four idx .gz files. Otherwise the Keras cache (<c>datasets/fashion-mnist</c>), then Debian's copy, then a download.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    public static ((NDarray x_train, NDarray y_train), (NDarray x_test, NDarray y_test)) LoadData(string? path = null, string? cache_dir = null)
    {
        var files = Files.Select(f => DatasetFiles.DataFile(f, path, cache_dir, Path.Combine("datasets", "fashion-mnist"), new[] { DebianFolder }, BaseUrl + f, null, 2 * FileBytes[f])).ToArray();
        var yTrain = IdxReader.Labels(files[0]);
        var xTrain = IdxReader.Images(files[1]);
        var yTest = IdxReader.Labels(files[2]);
        var xTest = IdxReader.Images(files[3]);
        if (xTrain.shape[0] != yTrain.shape[0] || xTest.shape[0] != yTest.shape[0])
            throw new InvalidDataException($"Fashion-MNIST images and labels disagree in number ({xTrain.shape[0]}/{yTrain.shape[0]}, {xTest.shape[0]}/{yTest.shape[0]}).");
        DatasetChecks.Images(files[1], xTrain, 28, 28);
        DatasetChecks.Images(files[3], xTest, 28, 28);
        DatasetChecks.Labels(files[0], yTrain, ClassNames.Count);
        DatasetChecks.Labels(files[2], yTest, ClassNames.Count);
        return ((xTrain, yTrain), (xTest, yTest));
    }
}
