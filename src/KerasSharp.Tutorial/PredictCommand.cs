using System.Globalization;
using Keras.PreProcessing.Image;
using KerasSharp.Extensions;
using static TorchSharp.torch;

namespace KerasSharp.Tutorial;

/// <summary>What <c>predict</c> does: the model file, the pictures, where the strip goes, and whose class names to print.</summary>
public sealed record PredictOptions
{
    public required string Model { get; init; }

    public required IReadOnlyList<string> Images { get; init; }

    public string Output { get; init; } = "output";

    /// <summary>"cifar10" or "fashion_mnist" for the class names; null to choose by the network's input (3 channels: CIFAR-10).</summary>
    public string? Dataset { get; init; }
}

/// <summary>
/// The tutorial app's <c>predict</c> command: a trained network (a Keras model file, or its ONNX export) on your own pictures. Each picture
/// is loaded as Keras's <c>load_img(target_size=...)</c> and <c>img_to_array</c> load it (resized to the network's input,
/// grey or RGB as the network takes it), scaled by 1/255 as the tutorial scales its data, and the top 3 classes are
/// printed; <c>predictions.png</c> shows the pictures as the network saw them with its answer.
/// </summary>
public static class PredictCommand
{
    public const string StripFile = "predictions.png";

    /// <summary>Answers for each picture; returns the exit code. Errors go to <paramref name="errors"/>, standard error by default.</summary>
    public static int Run(PredictOptions options, TextWriter? console = null, TextWriter? errors = null)
    {
        console ??= Console.Out;
        errors ??= Console.Error;
        try
        {
            using var model = PictureClassifier.Open(options.Model);
            var input = model.InputShape;
            if (input.Rank != 3 || input[2] is not (1 or 3))
                throw new ArgumentException($"{options.Model} takes inputs of shape {input}, not pictures (height, width, 1 or 3 channels).");
            int classes = model.Classes;
            var names = ClassNames(options.Dataset ?? (input[2] == 1 ? "fashion_mnist" : "cifar10"), classes);

            var pictures = new List<(string Path, Tensor X)>();
            bool failed = false;
            foreach (string path in options.Images)
            {
                try
                {
                    var img = ImageUtil.LoadImg(path, color_mode: input[2] == 1 ? "grayscale" : "rgb", target_size: (input[0], input[1]));
                    var x = ImageUtil.ImageToArray(img);
                    x /= 255; // as the tutorial's x_test /= 255
                    pictures.Add((path, x));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    errors.WriteLine($"error: {e.Message}");
                    failed = true;
                }
            }
            if (pictures.Count == 0) return TutorialApp.Failed;

            using var batch = stack(pictures.Select(p => p.X));
            using var probabilities = model.Predict(batch);
            var (values, indices) = probabilities.topk(Math.Min(3, classes), dim: 1);
            var captions = new List<string>();
            for (int i = 0; i < pictures.Count; i++)
            {
                var top = Enumerable.Range(0, (int)values.shape[1])
                    .Select(k => $"{names[(int)indices[i, k].item<long>()]} {(values[i, k].item<float>() * 100).ToString("F2", CultureInfo.InvariantCulture)}%").ToList();
                console.WriteLine($"{pictures[i].Path}: {string.Join(", ", top)}");
                captions.Add($"{Path.GetFileName(pictures[i].Path)}\n{top[0]}");
            }
            values.Dispose();
            indices.Dispose();
            Directory.CreateDirectory(options.Output);
            string strip = Path.Combine(options.Output, StripFile);
            PredictionStripPlot.Save(pictures.Select(p => p.X).ToList(), captions, strip);
            console.WriteLine($"[saved {strip}]");
            foreach (var (_, x) in pictures) x.Dispose();
            return failed ? TutorialApp.Failed : TutorialApp.Ok;
        }
        catch (Exception e) when (TutorialApp.IsUserFacing(e))
        {
            errors.WriteLine($"error: {e.Message}");
            return TutorialApp.Failed;
        }
    }

    private static IReadOnlyList<string> ClassNames(string dataset, int classes)
    {
        var names = TutorialData.ClassNames(dataset);
        return names.Count == classes ? names : Enumerable.Range(0, classes).Select(i => $"class {i}").ToList();
    }
}
