using Keras.Datasets;
using Keras.Utils;
using KerasSharp.Extensions;
using static TorchSharp.torch;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 2: <c>(x_train, y_train), (x_test, y_test) = cifar10.load_data()</c>, then a figure
/// with one random image of each class.
/// </summary>
internal static class Step2LoadData
{
    public static void Run(TutorialContext ctx)
    {
        var ((x_train, y_train), (x_test, y_test)) = Load(ctx.Options);
        if (ctx.Options.Limit is int n)
        {
            x_train = x_train.narrow(0, 0, Math.Min(n, x_train.shape[0]));
            y_train = y_train.narrow(0, 0, x_train.shape[0]);
            x_test = x_test.narrow(0, 0, Math.Min(Math.Max(n / 5, 1), x_test.shape[0]));
            y_test = y_test.narrow(0, 0, x_test.shape[0]);
        }
        // Fashion-MNIST images are (N, 28, 28); the networks want a channel axis, as CIFAR's (N, 32, 32, 3).
        if (x_train.dim() == 3)
        {
            x_train = x_train.unsqueeze(-1);
            x_test = x_test.unsqueeze(-1);
        }
        ctx.Out.WriteLine($"x_train shape: ({string.Join(", ", x_train.shape)})");
        ctx.Out.WriteLine($"{x_train.shape[0]} train samples");
        ctx.Out.WriteLine($"{x_test.shape[0]} test samples");
        (ctx.XTrain, ctx.YTrain, ctx.XTest, ctx.YTest) = (x_train, y_train, x_test, y_test);

        SampleGridPlot.Save(x_train, y_train, ctx.ClassNames, ctx.OutputPath("samples.png"));
        ctx.Figure("samples.png", "One random training image of each class");
    }

    private static ((Tensor, Tensor), (Tensor, Tensor)) Load(TutorialOptions options)
    {
        if (options.Dataset != "cifar10") return FashionMnist.LoadData(path: LocalFashionMnist(options.DataDir));
        try
        {
            return Cifar10.LoadData(path: LocalCifar10(options.DataDir));
        }
        catch (DownloadException e)
        {
            // The library's message names Keras's cache; the tutorial also reads its data folder.
            throw new DownloadException(
                $"{e.Message}\nOr put cifar-10-python.tar.gz into {Path.GetFullPath(options.DataDir)} (the data folder; choose another with --data-dir), " +
                "or run without downloads on Fashion-MNIST: apt-get install dataset-fashion-mnist, then add --dataset fashion_mnist.", e);
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
