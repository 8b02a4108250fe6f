using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>MNIST digits, as <c>keras.datasets.mnist</c>: 60,000 training and 10,000 test images, 28x28.</summary>
public static class MNIST
{
    /// <summary>Where Keras downloads MNIST from.</summary>
    public const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";
    /// <summary>The size of <c>mnist.npz</c>; a download may be at most twice that.</summary>
    public const long ArchiveBytes = 11_490_434;

    /// <summary>The sha256 of <c>mnist.npz</c>; a download must match it.</summary>
    public const string Sha256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

    /// <summary>Returns ((x_train, y_train), (x_test, y_test)): x uint8 (N, 28, 28), y uint8 (N).</summary>
    /// <param name="path">Optional: an <c>mnist.npz</c> file. Otherwise <c>datasets/mnist.npz</c> in the Keras cache, downloaded when missing.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    public static ((NDarray x_train, NDarray y_train), (NDarray x_test, NDarray y_test)) LoadData(string? path = null, string? cache_dir = null)
    {
        string file = path ?? DatasetFiles.DataFile("mnist.npz", null, cache_dir, "datasets", Array.Empty<string>(), Origin, Sha256, 2 * ArchiveBytes);
        if (!File.Exists(file)) throw new FileNotFoundException($"No mnist.npz at '{file}'.", file);
        var arrays = NpyReader.LoadNpz(file);
        Tensor Take(string name) => arrays.TryGetValue(name, out var t) ? t : throw new InvalidDataException($"{file} has no array '{name}'.");
        var (xTrain, yTrain, xTest, yTest) = (Take("x_train"), Take("y_train"), Take("x_test"), Take("y_test"));
        if (xTrain.dim() != 3 || xTrain.shape[0] != yTrain.shape[0] || xTest.shape[0] != yTest.shape[0])
            throw new InvalidDataException($"{file}: arrays have inconsistent shapes.");
        DatasetChecks.Images($"{file} (x_train)", xTrain, 28, 28);
        DatasetChecks.Images($"{file} (x_test)", xTest, 28, 28);
        DatasetChecks.Labels($"{file} (y_train)", yTrain, 10);
        DatasetChecks.Labels($"{file} (y_test)", yTest, 10);
        return ((xTrain, yTrain), (xTest, yTest));
    }
}
