using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>
/// CIFAR-10, as <c>keras.datasets.cifar10</c>: 50,000 training and 10,000 test images, 32x32 RGB, 10 classes.
/// </summary>
public static class Cifar10
{
    /// <summary>Where Keras downloads CIFAR-10 from.</summary>
    public const string Origin = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz";
    /// <summary>The size of the archive at <see cref="Origin"/>; a download may be at most twice that.</summary>
    public const long ArchiveBytes = 170_498_071;

    /// <summary>The sha256 of the archive at <see cref="Origin"/>; a download must match it.</summary>
    public const string Sha256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce";

    /// <summary>Keras's cache names: the archive is saved as this and extracted to <c>cifar-10-batches-py/</c>.</summary>
    public const string CacheArchive = "cifar-10-batches-py.tar.gz";

    /// <summary>The ten class names, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };

    /// <summary>
    /// Returns ((x_train, y_train), (x_test, y_test)): x uint8 (N, 32, 32, 3), y uint8 (N, 1), in Keras's order.
    /// </summary>
    /// <param name="path">
    /// Optional: <c>cifar-10-python.tar.gz</c> (or the binary version's archive), or an extracted
    /// <c>cifar-10-batches-py</c> / <c>cifar-10-batches-bin</c> folder. Otherwise the Keras cache is used,
    /// and the archive is downloaded into it when missing.
    /// </param>
    /// <param name="cache_dir">Optional cache root instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    public static ((NDarray x_train, NDarray y_train), (NDarray x_test, NDarray y_test)) LoadData(string? path = null, string? cache_dir = null)
    {
        string folder = DatasetFiles.ArchiveFolder(path, cache_dir, new[] { "cifar-10-batches-py", "cifar-10-batches-bin" }, CacheArchive, Origin, Sha256, 2 * ArchiveBytes);
        var trainPickles = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}").ToArray();
        var trainBinaries = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();
        var train = CifarReader.Load(CifarReader.Files(folder, trainPickles, trainBinaries), "labels", 0, 1, 10);
        var test = CifarReader.Load(CifarReader.Files(folder, new[] { "test_batch" }, new[] { "test_batch.bin" }), "labels", 0, 1, 10);
        return (train, test);
    }
}
