using System.Text.RegularExpressions;
using Keras.Datasets;
using Keras.Models;
using Keras.PreProcessing.Image;
using KerasSharp.Tutorial;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Tutorial;

/// <summary>
/// The predict command: a network trained by the tutorial, on pictures made at test time from Fashion-MNIST test
/// images, gives the answers the network gives those images in memory (and so their labels where it is right), draws
/// the strip, and reports bad pictures with one line each.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public class PredictCommandTests
{
    private static string Folder(string name) => Directory.CreateTempSubdirectory($"kerassharp-predict-{name}-").FullName;

    [SkippableFact]
    public void Pictures_of_fashion_mnist_test_images_get_the_networks_answers_and_their_labels()
    {
        DatasetFixtures.RequireFashionMnist();
        string trained = Folder("train");
        var (code, text) = TutorialRunner.Run("--quick", "--dataset", "fashion_mnist", "--model", "4", "--step", "5", "--output", trained, "--data-dir", Folder("nodata"));
        Assert.True(code == 0, text);
        string model = Path.Combine(trained, "conv4.h5");

        (_, (Tensor x_test, Tensor y_test)) = FashionMNIST.LoadData();
        using var images = x_test[..200].unsqueeze(-1).to_type(ScalarType.Float32) / 255;
        using var probabilities = BaseModel.LoadModel(model).Predict(images);
        using var answers = probabilities.argmax(1);
        // Pictures the network gets right, so their labels are what predict must print, and two it gets wrong.
        var right = Enumerable.Range(0, 200).Where(i => answers[i].item<long>() == y_test[i].item<byte>()).Take(6).ToList();
        var wrong = Enumerable.Range(0, 200).Where(i => answers[i].item<long>() != y_test[i].item<byte>()).Take(2).ToList();
        Assert.Equal(6, right.Count);
        string pictures = Folder("pictures");
        var paths = new List<string>();
        foreach (int i in right.Concat(wrong))
        {
            string path = Path.Combine(pictures, $"test{i}.png");
            ImageUtil.SaveImg(path, x_test[i].unsqueeze(-1).to_type(ScalarType.Float32), scale: false);
            paths.Add(path);
        }
        // The same picture twice as large, in colour: load_img shrinks it back and makes it grey.
        string large = Path.Combine(pictures, "large.png");
        ImageUtil.SaveImg(large, x_test[right[0]].unsqueeze(-1).repeat_interleave(2, 0).repeat_interleave(2, 1).repeat(1, 1, 3).to_type(ScalarType.Float32), scale: false);
        paths.Add(large);

        string output = Folder("out");
        var (predicted, lines) = TutorialRunner.Run(new[] { "predict", "--model", model, "--output", output }.Concat(paths).ToArray());
        Assert.True(predicted == 0, lines);
        string Top(string path) => Regex.Match(lines, $@"{Regex.Escape(path)}: ([\w/-]+(?: [\w/-]+)*?) \d+\.\d\d%").Groups[1].Value;
        foreach (var (index, path) in right.Concat(wrong).Zip(paths))
        {
            Assert.Equal(FashionMNIST.ClassNames[(int)answers[index].item<long>()], Top(path));
            if (right.Contains(index)) Assert.Equal(FashionMNIST.ClassNames[y_test[index].item<byte>()], Top(path));
        }
        Assert.Equal(Top(paths[0]), Top(large));
        Assert.Matches(@": [\w/ -]+ \d+\.\d\d%, [\w/ -]+ \d+\.\d\d%, [\w/ -]+ \d+\.\d\d%", lines); // the top 3
        Assert.True(File.Exists(Path.Combine(output, PredictCommand.StripFile)));

        // The ONNX export the training run wrote, run by ONNX Runtime: the same top classes for every picture.
        var (onnxCode, onnxLines) = TutorialRunner.Run(new[] { "predict", "--model", Path.Combine(trained, "conv4.onnx"), "--output", output }.Concat(paths).ToArray());
        Assert.True(onnxCode == 0, onnxLines);
        string OnnxTop(string path) => Regex.Match(onnxLines, $@"{Regex.Escape(path)}: ([\w/-]+(?: [\w/-]+)*?) \d+\.\d\d%").Groups[1].Value;
        foreach (var path in paths) Assert.Equal(Top(path), OnnxTop(path));
        string notOnnx = Path.Combine(pictures, "model.onnx");
        File.WriteAllText(notOnnx, "not a model");
        var (refused, refusedText) = TutorialRunner.Run("predict", "--model", notOnnx, paths[0]);
        Assert.Equal(TutorialApp.Failed, refused);
        Assert.Contains($"error: {notOnnx} is not an ONNX model ONNX Runtime can load", refusedText);

        // A bad picture among good ones: one line naming it, the others still answered, exit code 1.
        string bad = Path.Combine(pictures, "notes.png");
        File.WriteAllText(bad, "not a picture");
        var (failed, failedText) = TutorialRunner.Run("predict", "--model", model, "--output", output, paths[0], bad);
        Assert.Equal(TutorialApp.Failed, failed);
        Assert.Contains($"error: '{bad}' is not a picture KerasSharp can read", failedText);
        Assert.Contains($"{paths[0]}: ", failedText);
        Assert.DoesNotMatch(new Regex(@"\bat [\w.]+\("), failedText);
    }

    [Fact]
    public void Predict_without_a_model_file_is_refused_before_anything_runs()
    {
        var (code, text) = TutorialRunner.Run("predict", "--model", Path.Combine(Folder("none"), "absent.h5"), "picture.png");
        Assert.Equal(CommandLine.BadArguments, code);
        Assert.Contains("absent.h5: no such file", text);
        Assert.Equal(CommandLine.BadArguments, TutorialRunner.Run("predict", "picture.png").ExitCode);
    }
}
