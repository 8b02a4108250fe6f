using System.Security.Cryptography;
using System.Text.Json;
using Keras.Datasets;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>Loaders on files that real Python wrote: the arrays must equal what NumPy recorded.</summary>
public class DatasetTests
{
    private static string TempCache() => Directory.CreateTempSubdirectory("kerassharp-cache-").FullName;

    private static void AssertArray(JsonElement expected, Tensor actual) =>
        Assert.Equal(DatasetFixtures.Bytes(expected), actual.to(ScalarType.Byte).data<byte>().ToArray());

    private static void AssertCifar10(((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) data)
    {
        var expected = DatasetFixtures.Expected.GetProperty("cifar10");
        var ((xTrain, yTrain), (xTest, yTest)) = data;
        Assert.Equal(new long[] { 15, 32, 32, 3 }, xTrain.shape);
        Assert.Equal(new long[] { 15, 1 }, yTrain.shape);
        Assert.Equal(new long[] { 4, 32, 32, 3 }, xTest.shape);
        Assert.Equal(ScalarType.Byte, xTrain.dtype);
        Assert.Equal(ScalarType.Byte, yTrain.dtype);
        AssertArray(expected.GetProperty("x_train"), xTrain);
        AssertArray(expected.GetProperty("y_train"), yTrain);
        AssertArray(expected.GetProperty("x_test"), xTest);
        AssertArray(expected.GetProperty("y_test"), yTest);
    }

    [SkippableFact]
    public void Cifar10_python_and_binary_archives_give_exactly_the_arrays_python_wrote()
    {
        AssertCifar10(Cifar10.LoadData(path: DatasetFixtures.File("cifar-10-python.tar.gz"), cache_dir: TempCache()));
        AssertCifar10(Cifar10.LoadData(path: DatasetFixtures.File("cifar-10-binary.tar.gz"), cache_dir: TempCache()));
        AssertCifar10(Cifar10.LoadData(path: DatasetFixtures.File("cifar-10-batches-py")));
    }

    [SkippableFact]
    public void Concurrent_extractions_of_one_archive_into_one_cache_all_succeed()
    {
        string fixture = DatasetFixtures.File("cifar-10-python.tar.gz");
        string cache = TempCache();
        var loads = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Cifar10.LoadData(path: fixture, cache_dir: cache))).ToArray();
        Task.WaitAll(loads);
        foreach (var load in loads) AssertCifar10(load.Result);
        // One finished folder, and no staging folders left behind.
        Assert.Equal(new[] { "cifar-10-batches-py" }, Directory.GetDirectories(Path.Combine(cache, "datasets")).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void Cifar10_reuses_a_keras_cache_extracted_or_not()
    {
        string fixture = DatasetFixtures.File("cifar-10-python.tar.gz");
        string cache = TempCache();
        Directory.CreateDirectory(Path.Combine(cache, "datasets"));
        // As Python Keras leaves it: the archive under Keras's name, not yet extracted.
        File.Copy(fixture, Path.Combine(cache, "datasets", Cifar10.CacheArchive));
        AssertCifar10(Cifar10.LoadData(cache_dir: cache));
        Assert.True(Directory.Exists(Path.Combine(cache, "datasets", "cifar-10-batches-py")));
        // Second time: the extracted folder is used even without the archive.
        File.Delete(Path.Combine(cache, "datasets", Cifar10.CacheArchive));
        AssertCifar10(Cifar10.LoadData(cache_dir: cache));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "datasets"), ".extract-*"));
    }

    [SkippableFact]
    public void Cifar100_gives_fine_or_coarse_labels()
    {
        var expected = DatasetFixtures.Expected.GetProperty("cifar100");
        string archive = DatasetFixtures.File("cifar-100-python.tar.gz");
        ((Tensor xTrain, Tensor yFine), (Tensor _, Tensor yTestFine)) = Cifar100.LoadData(path: archive, cache_dir: TempCache());
        ((Tensor _, Tensor yCoarse), _) = Cifar100.LoadData(label_mode: "coarse", path: archive, cache_dir: TempCache());
        AssertArray(expected.GetProperty("train").GetProperty("x"), xTrain);
        AssertArray(expected.GetProperty("train").GetProperty("fine"), yFine);
        AssertArray(expected.GetProperty("test").GetProperty("fine"), yTestFine);
        AssertArray(expected.GetProperty("train").GetProperty("coarse"), yCoarse);
        Assert.Equal(new long[] { 5, 1 }, yFine.shape);
        Assert.Throws<ArgumentException>(() => Cifar100.LoadData(label_mode: "medium"));
    }

    [SkippableFact]
    public void Mnist_reads_the_npz_that_numpy_wrote()
    {
        var expected = DatasetFixtures.Expected.GetProperty("mnist");
        ((Tensor xTrain, Tensor yTrain), (Tensor xTest, Tensor yTest)) = MNIST.LoadData(path: DatasetFixtures.File("mnist.npz"));
        Assert.Equal(new long[] { 6, 28, 28 }, xTrain.shape);
        Assert.Equal(new long[] { 6 }, yTrain.shape);
        AssertArray(expected.GetProperty("x_train"), xTrain);
        AssertArray(expected.GetProperty("y_train"), yTrain);
        AssertArray(expected.GetProperty("x_test"), xTest);
        AssertArray(expected.GetProperty("y_test"), yTest);

        string cache = TempCache();
        Directory.CreateDirectory(Path.Combine(cache, "datasets"));
        File.Copy(DatasetFixtures.File("mnist.npz"), Path.Combine(cache, "datasets", "mnist.npz"));
        AssertArray(expected.GetProperty("x_test"), MNIST.LoadData(cache_dir: cache).Item2.x_test);
    }

    [SkippableFact]
    public void Fashion_mnist_reads_idx_files_from_a_folder_and_from_the_cache()
    {
        var expected = DatasetFixtures.Expected.GetProperty("fashion");
        ((Tensor xTrain, Tensor yTrain), (Tensor xTest, Tensor yTest)) = FashionMNIST.LoadData(path: DatasetFixtures.File("fashion-mnist"));
        Assert.Equal(new long[] { 5, 28, 28 }, xTrain.shape);
        AssertArray(expected.GetProperty("train").GetProperty("x"), xTrain);
        AssertArray(expected.GetProperty("train").GetProperty("y"), yTrain);
        AssertArray(expected.GetProperty("t10k").GetProperty("x"), xTest);
        AssertArray(expected.GetProperty("t10k").GetProperty("y"), yTest);

        string cache = TempCache();
        string folder = Path.Combine(cache, "datasets", "fashion-mnist");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(DatasetFixtures.File("fashion-mnist"))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        AssertArray(expected.GetProperty("train").GetProperty("y"), FashionMNIST.LoadData(cache_dir: cache).Item1.y_train);
    }

    [SkippableFact]
    public void Fashion_mnist_from_debians_package_has_the_real_sizes_and_class_balance()
    {
        DatasetFixtures.RequireFashionMnist();
        ((Tensor xTrain, Tensor yTrain), (Tensor xTest, Tensor yTest)) = FashionMNIST.LoadData(cache_dir: TempCache());
        Assert.Equal(new long[] { 60000, 28, 28 }, xTrain.shape);
        Assert.Equal(new long[] { 10000, 28, 28 }, xTest.shape);
        Assert.All(yTrain.to(ScalarType.Int64).bincount(null, 10).data<long>().ToArray(), n => Assert.Equal(6000, n));
        Assert.All(yTest.to(ScalarType.Int64).bincount(null, 10).data<long>().ToArray(), n => Assert.Equal(1000, n));
        Assert.Equal(10, FashionMNIST.ClassNames.Count);
    }

    [SkippableTheory]
    [InlineData("dotdot.tar.gz")]
    [InlineData("absolute.tar.gz")]
    [InlineData("symlink.tar.gz")]
    public void Hostile_archives_are_refused_and_nothing_is_written_outside(string name)
    {
        string cache = TempCache();
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(path: DatasetFixtures.File(name), cache_dir: cache));
        Assert.Contains("refused", e.Message);
        Assert.False(File.Exists("/tmp/kerassharp-absolute-escape.txt"));
        Assert.False(File.Exists(Path.Combine(cache, "escaped.txt")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(cache)!, "escaped.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cache, "datasets")));
    }

    [SkippableTheory]
    [InlineData("USTAR_FORMAT")]
    [InlineData("GNU_FORMAT")]
    [InlineData("PAX_FORMAT")]
    public void Archives_whose_long_paths_share_a_header_name_field_are_extracted(string format)
    {
        PythonEnvironment.Require("tarfile");
        // Both paths outgrow a header's 100-byte name field, where ustar keeps their last 100 bytes (the folders before
        // go in the prefix field) and GNU and PAX their first 100: the two files' name fields are the same.
        string folder = Directory.CreateTempSubdirectory("kerassharp-longnames-").FullName;
        string archive = Path.Combine(folder, "long.tar.gz");
        var (code, output) = PythonEnvironment.Run("-c", """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w:gz", format=getattr(tarfile, sys.argv[2])) as t:
                for part in ("one", "two"):
                    info = tarfile.TarInfo("cifar-10-batches-py/" + "d" * 95 + "/" + part + "/" + "e" * 95 + "/data")
                    info.size = len(part)
                    t.addfile(info, io.BytesIO(part.encode()))
            """, archive, format);
        Assert.True(code == 0, output);
        string extracted = SafeTarExtractor.Extract(archive, Path.Combine(folder, "out"), "cifar-10-batches-py");
        foreach (string part in new[] { "one", "two" })
            Assert.Equal(part, File.ReadAllText(Path.Combine(extracted, new string('d', 95), part, new string('e', 95), "data")));
    }

    [SkippableTheory]
    [InlineData("corrupt.tar.gz")]
    [InlineData("truncated.tar.gz")]
    public void Corrupt_archives_name_the_file_and_leave_no_folder_behind(string name)
    {
        string cache = TempCache();
        string archive = DatasetFixtures.File(name);
        var e = Assert.ThrowsAny<InvalidDataException>(() => Cifar10.LoadData(path: archive, cache_dir: cache));
        Assert.Contains(name, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cache, "datasets")));
    }

    [SkippableFact]
    public void Truncated_and_malformed_array_files_name_the_file_and_the_problem()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-bad-").FullName;
        string npz = Path.Combine(folder, "mnist.npz");
        byte[] whole = File.ReadAllBytes(DatasetFixtures.File("mnist.npz"));
        File.WriteAllBytes(npz, whole[..(whole.Length / 2)]);
        Assert.Contains("mnist.npz", Assert.ThrowsAny<InvalidDataException>(() => MNIST.LoadData(path: npz)).Message);

        string fashion = Path.Combine(folder, "fashion");
        Directory.CreateDirectory(fashion);
        foreach (var file in Directory.GetFiles(DatasetFixtures.File("fashion-mnist"))) File.Copy(file, Path.Combine(fashion, Path.GetFileName(file)));
        // Swap labels and images: the magic numbers must catch it.
        File.Copy(Path.Combine(fashion, "train-labels-idx1-ubyte.gz"), Path.Combine(fashion, "train-images-idx3-ubyte.gz"), overwrite: true);
        var idx = Assert.Throws<InvalidDataException>(() => FashionMNIST.LoadData(path: fashion));
        Assert.True(idx.Message.Contains("magic number is 2049, expected 2051"), idx.Message);

        string cifar = Path.Combine(folder, "cifar-10-batches-py");
        Directory.CreateDirectory(cifar);
        foreach (var file in Directory.GetFiles(DatasetFixtures.File("cifar-10-batches-py"))) File.Copy(file, Path.Combine(cifar, Path.GetFileName(file)));
        byte[] batch = File.ReadAllBytes(Path.Combine(cifar, "data_batch_3"));
        File.WriteAllBytes(Path.Combine(cifar, "data_batch_3"), batch[..(batch.Length - 100)]);
        var pickle = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(path: cifar));
        Assert.Contains("data_batch_3", pickle.Message);
    }

    [Fact]
    public void Python_2_pickles_with_raw_byte_strings_are_read()
    {
        // What Python 2's cPickle wrote for the real CIFAR batches: str keys and array data as BINSTRING.
        var p = new List<byte> { 0x80, 2, (byte)'}', (byte)'(' };
        void ShortString(string s) { p.Add((byte)'U'); p.Add((byte)s.Length); p.AddRange(System.Text.Encoding.ASCII.GetBytes(s)); }
        ShortString("data");
        p.AddRange("cnumpy.core.multiarray\n_reconstruct\n"u8.ToArray());
        p.AddRange("cnumpy\nndarray\n"u8.ToArray());
        p.AddRange(new byte[] { (byte)'K', 0, 0x85 });
        ShortString("b");
        p.AddRange(new byte[] { 0x87, (byte)'R', (byte)'(', (byte)'K', 1, (byte)'K', 1, (byte)'M', 0, 12, 0x86 });
        p.AddRange("cnumpy\ndtype\n"u8.ToArray());
        ShortString("u1");
        p.AddRange(new byte[] { 0x89, 0x88, 0x87, (byte)'R', (byte)'(', (byte)'K', 3 });
        ShortString("|");
        p.AddRange(new byte[] { (byte)'N', (byte)'N', (byte)'N', (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'J', 0xff, 0xff, 0xff, 0xff, (byte)'K', 0, (byte)'t', (byte)'b', 0x89 });
        var pixels = Enumerable.Range(0, 3072).Select(i => (byte)(i * 7)).ToArray();
        p.Add((byte)'T'); p.AddRange(BitConverter.GetBytes(3072)); p.AddRange(pixels);
        p.AddRange(new byte[] { (byte)'t', (byte)'b' });
        ShortString("labels");
        p.AddRange(new byte[] { (byte)']', (byte)'(', (byte)'K', 7, (byte)'e', (byte)'u', (byte)'.' });

        string folder = Directory.CreateTempSubdirectory("kerassharp-py2-").FullName;
        foreach (var name in new[] { "data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch" })
            File.WriteAllBytes(Path.Combine(folder, name), p.ToArray());
        ((Tensor x, Tensor y), _) = Cifar10.LoadData(path: folder);
        Assert.Equal(new long[] { 5, 32, 32, 3 }, x.shape);
        Assert.Equal(7, y[0, 0].item<byte>());
        // Pixel (row 0, col 1) of the green plane is byte 1024 + 1 of the row.
        Assert.Equal(pixels[1024 + 1], x[0, 0, 1, 1].item<byte>());
    }
}
