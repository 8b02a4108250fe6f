using Keras.Datasets;

namespace KerasSharp.Tests.KerasNet;

/// <summary>
/// Programs written for Keras.NET (its README's MNIST CNN and XOR, and a CIFAR-10 CNN in its style) compile against
/// KerasSharp unchanged but for their namespace line, and train on small data: real Fashion-MNIST images under
/// MNIST's file name, the CIFAR-10 fixture, XOR's four points. Datasets come from a Keras cache made for the test.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class KerasNetProgramsTests
{
    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-kerasnet-{name}-").FullName;

    private static (string Output, T Result) Captured<T>(string kerasHome, Func<T> program)
    {
        var previous = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        Environment.SetEnvironmentVariable("KERAS_HOME", kerasHome);
        try
        {
            return (output.ToString(), program()) switch { var (_, r) => (output.ToString(), r) };
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
            Console.SetOut(previous);
        }
    }

    [SkippableFact]
    public void The_mnist_cnn_of_keras_nets_readme_trains_unchanged()
    {
        PythonEnvironment.Require("numpy");
        string home = Folder("mnist");
        Directory.CreateDirectory(Path.Combine(home, "datasets"));
        // 1,000 + 200 real Fashion-MNIST pictures (Debian's package) in mnist.npz's format, written by NumPy.
        var (code, made) = PythonEnvironment.Run("-c", $$"""
            import gzip, numpy as np
            def idx(name, offset):
                with gzip.open('{{FashionMNIST.DebianFolder}}/' + name) as f:
                    return np.frombuffer(f.read(), np.uint8, offset=offset)
            np.savez('{{home}}/datasets/mnist.npz',
                     x_train=idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:1000], y_train=idx('train-labels-idx1-ubyte.gz', 8)[:1000],
                     x_test=idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:200], y_test=idx('t10k-labels-idx1-ubyte.gz', 8)[:200])
            """);
        Assert.True(code == 0, made);

        Keras.Utils.Util.SetRandomSeed(1);
        var (text, score) = Captured(home, MnistCnnProgram.Run);
        Assert.Contains("x_train shape: (1000, 28, 28, 1)", text);
        Assert.Contains("1000 train samples", text);
        Assert.Contains("Train on 1000 samples, validate on 200 samples", text);
        Assert.Contains("Epoch 12/12", text);
        Assert.True(score[1] > 0.6, $"test accuracy {score[1]} after 12 epochs of Adadelta on 1,000 Fashion-MNIST pictures");
    }

    [Fact]
    public void The_xor_example_of_keras_nets_readme_learns_and_reloads_from_json_and_h5()
    {
        string folder = Folder("xor");
        Keras.Utils.Util.SetRandomSeed(2);
        var (text, (predicted, reloaded, history)) = Captured(folder, () => XorProgram.Run(folder));
        Assert.Contains("Epoch 1000/1000", text);
        var loss = history.HistoryLogs["loss"];
        Assert.True(loss[^1] < loss[0] * 0.8, $"the loss fell from {loss[0]} to {loss[^1]}");
        Assert.Equal(predicted.GetData<float>(), reloaded.GetData<float>());
        Assert.Equal("(4, 1)", predicted.shape.ToString());
    }

    [Fact]
    public void A_cifar10_cnn_in_keras_nets_style_trains_unchanged()
    {
        string home = Folder("cifar");
        Directory.CreateDirectory(Path.Combine(home, "datasets"));
        File.Copy(DatasetFixtures.File("cifar-10-python.tar.gz"), Path.Combine(home, "datasets", Cifar10.CacheArchive));
        string weights = Path.Combine(Folder("cifar-out"), "w.h5");
        Keras.Utils.Util.SetRandomSeed(3);
        var (text, logs) = Captured(home, () => Cifar10CnnProgram.Run(weights));
        Assert.Contains("shape: (15, 32, 32, 3)", text);
        Assert.DoesNotContain("System.Int64[]", text);
        Assert.Equal(2, logs["acc"].Length);
        Assert.Equal(logs["acc"], logs["accuracy"]);
        Assert.Equal(2, logs["val_acc"].Length);
        Assert.True(File.Exists(weights));
    }
}
