using Keras.Datasets;
using Keras.Utils;
using Numpy;
using static TorchSharp.torch;

namespace KerasSharp.Tutorial;

/// <summary>
/// <c>cifar10.load_data()</c> as the tutorial app offers it: the dataset of --dataset, from --data-dir before Keras's
/// cache, cut to --limit, and with a channel axis for Fashion-MNIST's (N, 28, 28) images, as the networks expect.
/// </summary>
internal static class TutorialData
{
    /// <summary>The class names of --dataset: CIFAR-10's, or Fashion-MNIST's.</summary>
    public static IReadOnlyList<string> ClassNames(string dataset) => dataset == "cifar10" ? Cifar10.ClassNames : FashionMNIST.ClassNames;

    public static ((NDarray x_train, NDarray y_train), (NDarray x_test, NDarray y_test)) LoadData(TutorialOptions options)
    {
        ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) = Load(options);
        if (options.Limit is int n)
        {
            x_train = x_train.narrow(0, 0, Math.Min(n, x_train.shape[0]));
            y_train = y_train.narrow(0, 0, x_train.shape[0]);
            x_test = x_test.narrow(0, 0, Math.Min(Math.Max(n / 5, 1), x_test.shape[0]));
            y_test = y_test.narrow(0, 0, x_test.shape[0]);
        }
        if (x_train.dim() == 3)
        {
            x_train = x_train.unsqueeze(-1);
            x_test = x_test.unsqueeze(-1);
        }
        return ((x_train, y_train), (x_test, y_test));
    }

    private static ((NDarray, NDarray), (NDarray, NDarray)) Load(TutorialOptions options)
    {
        if (options.Dataset != "cifar10") return FashionMNIST.LoadData(path: LocalFashionMnist(options.DataDir));
        try
        {
            return Cifar10.LoadData(path: LocalCifar10(options.DataDir));
        }
        catch (DownloadException e)
        {
            // The library's message names Keras's cache; the tutorial also reads its data folder.
            throw new DownloadException(
                $"{e.Message}\nOr put cifar-10-python.tar.gz into {Path.GetFullPath(options.DataDir)} (the data folder; choose another with --data-dir), " +
                "or run without downloads on Fashion-MNIST: sudo apt-get update && sudo apt-get install dataset-fashion-mnist (on a fresh Debian image apt knows no packages before the update), then add --dataset fashion_mnist.", e);
        }
    }

    /// <summary>cifar-10-python.tar.gz or an extracted folder in the data folder, if the user put one there.</summary>
    private static string? LocalCifar10(string dataDir) =>
        new[] { "cifar-10-python.tar.gz", "cifar-10-batches-py", "cifar-10-binary.tar.gz", "cifar-10-batches-bin" }
            .Select(name => Path.Combine(dataDir, name))
            .FirstOrDefault(path => File.Exists(path) || Directory.Exists(path));

    private static string? LocalFashionMnist(string dataDir) =>
        new[] { Path.Combine(dataDir, "fashion-mnist"), dataDir }
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")));
}
