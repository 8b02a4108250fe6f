using Keras.Datasets;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

/// <summary>
/// Programs of our own written in Keras.NET's style, with only Keras.NET's and Numpy.NET's signatures, compile against
/// KerasSharp unchanged but for their namespace line and train: a CSV classifier, a regression with NumPy's
/// statistics, every Keras 2.2 loss name, the functional API with TrainOnBatch, an MLP saved as JSON and HDF5, an image
/// classifier over folders of pictures, and a CIFAR-10 CNN. Data: real Fashion-MNIST pictures (Debian's package) where
/// pictures are needed, tables and curves made with NumPy, the CIFAR-10 fixture.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class KerasNetProgramsTests
{
    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-kerasnet-{name}-").FullName;

    private static (string Output, T Result) Captured<T>(string kerasHome, int seed, Func<T> program)
    {
        var previous = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        Environment.SetEnvironmentVariable("KERAS_HOME", kerasHome);
        using var session = Keras.Session.Scope(device: "cpu", policy: "float32", seed: seed);
        try
        {
            var result = program();
            return (output.ToString(), result);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
            Console.SetOut(previous);
        }
    }

    [SkippableFact]
    public void A_csv_classifier_with_numpys_text_files_and_casts_learns()
    {
        PythonEnvironment.Require("numpy");
        string folder = Folder("csv"), csv = Path.Combine(folder, "measurements.csv");
        // 600 rows of eight measurements in diabetes tables' ranges; the outcome follows glucose, BMI and age, with noise.
        var (code, made) = PythonEnvironment.Run("-c", $$"""
            import numpy as np
            r = np.random.default_rng(3)
            n = 600
            x = np.column_stack([r.integers(0, 15, n), r.normal(120, 30, n), r.normal(70, 12, n), r.normal(20, 10, n),
                                 r.normal(80, 60, n), r.normal(32, 7, n), r.uniform(0.1, 2.0, n), r.integers(21, 80, n)])
            z = (x[:, 1] - 120) / 30 + (x[:, 5] - 32) / 7 + (x[:, 7] - 45) / 20 + r.normal(0, 0.5, n)
            np.savetxt('{{csv}}', np.column_stack([x, z > 0.5]), fmt='%.3f', delimiter=',')
            """);
        Assert.True(code == 0, made);
        string output = Path.Combine(folder, "predictions.csv");
        var (text, (score, correct, confusion)) = Captured(folder, 5, () => CsvClassifierProgram.Run(csv, output));

        var outcome = np.loadtxt(csv, delimiter: ",")[":, 8"];
        double majority = Math.Max(np.mean(outcome), 1 - np.mean(outcome));
        Assert.True(score[1] > majority + 0.1, $"accuracy {score[1]} against {majority} for always guessing the larger class");
        Assert.Equal((int)Math.Round(score[1] * 600), correct); // the program's count agrees with Evaluate's accuracy
        Assert.Equal("(2, 2)", confusion.shape.ToString());
        Assert.Equal(600, (int)confusion.sum());
        Assert.Equal(correct, confusion.GetData<int>()[0] + confusion.GetData<int>()[3]);
        Assert.Equal("(600, 9)", np.loadtxt(output, delimiter: ",").shape.ToString());
        Assert.Contains("Accuracy: ", text);
    }

    [Fact]
    public void A_regression_with_numpys_statistics_and_files_fits_its_curve()
    {
        string folder = Folder("regression");
        var (_, (score, msle, rmse, std, reloaded, predictions)) = Captured(folder, 6, () => RegressionProgram.Run(folder));
        // The loss Keras reports is the MSLE the program computes with np.log on its clipped predictions.
        Assert.Equal(score[0], msle, score[0] * 1e-3);
        Assert.True(rmse < std / 4, $"rmse {rmse} against the target's spread {std}: the curve was learned");
        Assert.Equal(predictions.GetData<float>(), reloaded.GetData<float>());
        Assert.Equal(new[] { 1.0, 0, 0, 0, 1, 0, 0, 0, 1 }, np.load(Path.Combine(folder, "unit.npy")).GetData<double>());
        Assert.Equal(5, score.Length); // loss, mae, mse, mape, cosine_proximity
    }

    [Fact]
    public void Every_keras_2_2_loss_name_compiles_and_trains()
    {
        var (text, losses) = Captured(Folder("losses"), 7, LossNamesProgram.Run);
        Assert.Equal(17, losses.Count);
        foreach (var (name, history) in losses)
            Assert.True(history[^1] < history[0], $"{name}: the loss went from {history[0]} to {history[^1]}");
        Assert.Contains("logcosh: ", text);
    }

    [Fact]
    public void The_functional_api_trains_two_inputs_batch_by_batch()
    {
        var (text, (first, last, test, predicted)) = Captured(Folder("functional"), 8, FunctionalTwoBranchProgram.Run);
        Assert.True(last < first / 3, $"the batch loss went from {first} to {last}");
        Assert.True(test[0] < first / 3, $"the test loss {test[0]} against the first batch's {first}");
        Assert.Equal("(8, 1)", predicted.shape.ToString());
        Assert.Contains("concatenate_1 (Concatenate)", text);
    }

    [SkippableFact]
    public void An_mlp_on_mnist_format_pictures_trains_and_reloads_from_json_and_h5()
    {
        PythonEnvironment.Require("numpy");
        DatasetFixtures.RequireFashionMnist();
        string home = Folder("mnist");
        Directory.CreateDirectory(Path.Combine(home, "datasets"));
        // 2,000 + 400 real Fashion-MNIST pictures in mnist.npz's format, written by NumPy.
        var (code, made) = PythonEnvironment.Run("-c", $$"""
            import gzip, numpy as np
            def idx(name, offset):
                with gzip.open('{{FashionMNIST.DebianFolder}}/' + name) as f:
                    return np.frombuffer(f.read(), np.uint8, offset=offset)
            np.savez('{{home}}/datasets/mnist.npz',
                     x_train=idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:2000], y_train=idx('train-labels-idx1-ubyte.gz', 8)[:2000],
                     x_test=idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 28, 28)[:400], y_test=idx('t10k-labels-idx1-ubyte.gz', 8)[:400])
            """);
        Assert.True(code == 0, made);
        string folder = Folder("mnist-out");
        var (text, (score, predicted, reloaded)) = Captured(home, 1, () => FashionMnistMlpProgram.Run(folder));
        Assert.Contains("2000 train samples, 400 test samples", text);
        Assert.Contains("Train on 2000 samples, validate on 400 samples", text);
        Assert.True(score[1] > 0.7, $"test accuracy {score[1]} after 5 epochs on 2,000 Fashion-MNIST pictures");
        Assert.Equal(predicted.GetData<float>(), reloaded.GetData<float>());
    }

    [SkippableFact]
    public void An_image_classifier_over_folders_of_pictures_learns_saves_and_predicts()
    {
        DatasetFixtures.RequireFashionMnist();
        string train = Folder("images-train"), test = Folder("images-test");
        // Trousers, sneakers and bags: 80 training and 20 test pictures of each.
        DatasetFixtures.WriteFashionMnistFolders(train, test, 80, 20, (1, "trouser"), (7, "sneaker"), (8, "bag"));
        var (text, (score, single, all, files)) = Captured(Folder("images-home"), 9, () => ImageFolderProgram.Run(train, test, Folder("images-out")));
        Assert.Contains("Found 180 images belonging to 3 classes.", text); // 80 x 3 x 0.75 for training
        Assert.Contains("Found 60 images belonging to 3 classes.", text);
        Assert.True(score[1] > 0.8, $"test accuracy {score[1]} on three distinct classes");
        Assert.Equal("(60, 3)", all.shape.ToString());
        var classes = files.Select(f => f.Split('/')[0] switch { "bag" => 0L, "sneaker" => 1L, _ => 2L }).ToArray();
        var predictedClasses = np.argmax(all, 1).GetData<long>();
        Assert.True(predictedClasses.Zip(classes).Count(p => p.First == p.Second) >= 48, "PredictGenerator's rows follow the files");
        Assert.Equal(predictedClasses[Array.IndexOf(files, "sneaker/000.png")], single); // the reloaded model, one picture through ImageUtil
    }

    [Fact]
    public void A_cifar10_cnn_in_keras_nets_style_trains_unchanged()
    {
        string home = Folder("cifar");
        Directory.CreateDirectory(Path.Combine(home, "datasets"));
        File.Copy(DatasetFixtures.File("cifar-10-python.tar.gz"), Path.Combine(home, "datasets", Cifar10.CacheArchive));
        string weights = Path.Combine(Folder("cifar-out"), "w.h5");
        var (text, logs) = Captured(home, 3, () => Cifar10CnnProgram.Run(weights));
        Assert.Contains("shape: (15, 32, 32, 3)", text);
        Assert.DoesNotContain("System.Int64[]", text);
        Assert.Equal(2, logs["acc"].Length);
        Assert.Equal(logs["acc"], logs["accuracy"]);
        Assert.Equal(2, logs["val_acc"].Length);
        Assert.True(File.Exists(weights));
    }

    [SkippableFact]
    public void A_sentiment_classifier_over_imdb_format_reviews_learns()
    {
        PythonEnvironment.Require("numpy");
        string folder = Folder("imdb"), path = Path.Combine(folder, "imdb.npz");
        // Reviews in imdb.npz's format (object arrays of word lists, written by NumPy): positive ones use words 4-40 more
        // often, negative ones words 41-80, over common words shared by both, so that the sentiment can be learnt.
        var (code, made) = PythonEnvironment.Run("-c", $$"""
            import numpy as np
            r = np.random.RandomState(5)
            def review(label):
                n = r.randint(10, 60)
                common = r.randint(81, 190, n)
                telling = r.randint(4, 41, n) if label else r.randint(41, 81, n)
                return [int(w) for w in np.where(r.rand(n) < 0.3, telling, common)]
            def part(count):
                y = r.randint(0, 2, count)
                x = np.empty(count, dtype=object)
                x[:] = [review(label) for label in y]
                return x, y
            (xa, ya), (xb, yb) = part(400), part(200)
            np.savez('{{path}}', x_train=xa, y_train=ya, x_test=xb, y_test=yb)
            """);
        Assert.True(code == 0, made);
        var (text, (score, predictions)) = Captured(folder, 12, () => SentimentProgram.Run(path));
        Assert.Contains("400 train sequences, 200 test sequences", text);
        Assert.Contains("x_train shape: (400, 40)", text);
        Assert.True(score[1] > 0.8, $"test accuracy {score[1]} on 200 reviews");
        Assert.Equal("(200, 1)", predictions.shape.ToString());
    }
}
