using Numpy;
using static TorchSharp.torch;

namespace Keras.Datasets;

/// <summary>CIFAR-100, as <c>keras.datasets.cifar100</c>: 100 fine classes grouped into 20 coarse ones.</summary>
public static class Cifar100
{
    /// <summary>The size of the archive at <see cref="Origin"/>; a download may be at most twice that.</summary>
    public const long ArchiveBytes = 169_001_437;

    /// <summary>Where Keras downloads CIFAR-100 from.</summary>
    public const string Origin = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz";

    /// <summary>Keras's cache names: saved as this, extracted to <c>cifar-100-python/</c>.</summary>
    public const string CacheArchive = "cifar-100-python.tar.gz";

    /// <summary>
    /// Returns ((x_train, y_train), (x_test, y_test)): x uint8 (N, 32, 32, 3), y uint8 (N, 1) with the
    /// "fine" (100) or "coarse" (20) labels.
    /// </summary>
    /// <remarks>Keras 2.2 publishes no hash for this archive; a download is checked by extracting and parsing it.</remarks>
    /// <param name="label_mode"><c>fine</c> (100 classes) or <c>coarse</c> (20 superclasses).</param>
    /// <param name="path">Optional: the archive or an extracted folder. Otherwise the Keras cache, then a download.</param>
    /// <param name="cache_dir">The Keras cache folder to use instead of the default.</param>
    public static ((NDarray x_train, NDarray y_train), (NDarray x_test, NDarray y_test)) LoadData(string label_mode = "fine", string? path = null, string? cache_dir = null)
    {
        if (label_mode is not ("fine" or "coarse"))
            throw new ArgumentException($"label_mode must be 'fine' or 'coarse'; got '{label_mode}'.");
        string folder = DatasetFiles.ArchiveFolder(path, cache_dir, new[] { "cifar-100-python", "cifar-100-binary" }, CacheArchive, Origin, null, 2 * ArchiveBytes);
        // The binary version stores the coarse label first, then the fine one.
        int offset = label_mode == "coarse" ? 0 : 1;
        int classes = label_mode == "coarse" ? 20 : 100;
        string key = label_mode + "_labels";
        var train = CifarReader.Load(CifarReader.Files(folder, new[] { "train" }, new[] { "train.bin" }), key, offset, 2, classes);
        var test = CifarReader.Load(CifarReader.Files(folder, new[] { "test" }, new[] { "test.bin" }), key, offset, 2, classes);
        return (train, test);
    }
}
