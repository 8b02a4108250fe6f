using System.Text.Json;
using System.Text.Json.Nodes;
using Keras.Layers;
using Keras.Models;
using Keras.PreProcessing.Image;
using Numpy;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// FlowFromDirectory against Keras's own flow_from_directory (keras_preprocessing 1.1, Debian's package,
/// <c>python-env/flow_from_directory.py</c>): the same files in the same order, the same classes, and every batch of
/// a pass the same; then FitGenerator, EvaluateGenerator and PredictGenerator on folders of real Fashion-MNIST pictures.
/// </summary>
public class FlowFromDirectoryTests : SessionScopedTest
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-flow-").FullName;

    /// <summary>Class folders as people have them: nested pictures, upper-case extensions, other files, an empty class.</summary>
    private static string PictureFolders()
    {
        string root = Folder();
        var random = new Random(11);
        void Picture(string relative, int height, int width, int channels)
        {
            var bytes = new byte[height * width * channels];
            random.NextBytes(bytes);
            string path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            ImageUtil.SaveImg(path, tensor(bytes, new long[] { height, width, channels }, ScalarType.Byte).to_type(ScalarType.Float32), scale: false);
        }
        Picture("cats/c2.png", 12, 9, 3);
        Picture("cats/C1.PNG", 7, 7, 3);
        Picture("cats/sub/c3.png", 10, 14, 4);
        Picture("cats/a_sub/c0.png", 5, 6, 1);
        File.WriteAllText(Path.Combine(root, "cats", "notes.txt"), "not a picture");
        Picture("dogs/d1.png", 8, 8, 3);
        Picture("dogs/d2.png", 9, 11, 3);
        Picture("dogs/d3.png", 13, 6, 1);
        Picture("dogs/d4.png", 6, 13, 3);
        Directory.CreateDirectory(Path.Combine(root, "zebras"));
        File.WriteAllText(Path.Combine(root, "readme.md"), "not a class");
        return root;
    }

    private static readonly (string Name, Func<string, DirectoryIterator> Flow, object Keras)[] Cases =
    {
        ("categorical", d => new ImageDataGenerator(rescale: 1.0 / 255).FlowFromDirectory(d, target_size: (8, 10), batch_size: 3, shuffle: false),
            new { generator = new { rescale = 1.0 / 255 }, flow = new { target_size = new[] { 8, 10 }, batch_size = 3 } }),
        ("sparse_grey", d => new ImageDataGenerator().FlowFromDirectory(d, target_size: (5, 4), color_mode: "grayscale", class_mode: "sparse", batch_size: 4, shuffle: false),
            new { generator = new { }, flow = new { target_size = new[] { 5, 4 }, color_mode = "grayscale", class_mode = "sparse", batch_size = 4 } }),
        ("binary_classes", d => new ImageDataGenerator().FlowFromDirectory(d, target_size: (6, 6), classes: new[] { "dogs", "cats" }, class_mode: "binary", batch_size: 5, shuffle: false),
            new { generator = new { }, flow = new { target_size = new[] { 6, 6 }, classes = new[] { "dogs", "cats" }, class_mode = "binary", batch_size = 5 } }),
        ("training", d => new ImageDataGenerator(validation_split: 0.4).FlowFromDirectory(d, target_size: (4, 4), batch_size: 2, subset: "training", shuffle: false),
            new { generator = new { validation_split = 0.4 }, flow = new { target_size = new[] { 4, 4 }, batch_size = 2, subset = "training" } }),
        ("validation", d => new ImageDataGenerator(validation_split: 0.4).FlowFromDirectory(d, target_size: (4, 4), batch_size: 2, subset: "validation", shuffle: false),
            new { generator = new { validation_split = 0.4 }, flow = new { target_size = new[] { 4, 4 }, batch_size = 2, subset = "validation" } }),
        ("no_targets_rgba", d => new ImageDataGenerator().FlowFromDirectory(d, target_size: (3, 5), color_mode: "rgba", class_mode: null, batch_size: 8, shuffle: false),
            new { generator = new { }, flow = new { target_size = new[] { 3, 5 }, color_mode = "rgba", class_mode = (string?)null, batch_size = 8 } }),
    };

    /// <summary>Keras's arguments with the folder added: {"directory", "generator", "flow"}.</summary>
    private static JsonNode Case(string directory, object keras)
    {
        var node = JsonSerializer.SerializeToNode(keras)!;
        node["directory"] = directory;
        return node;
    }

    [SkippableFact]
    public void Files_classes_and_batches_are_keras_flow_from_directorys()
    {
        PythonEnvironment.Require("numpy", "PIL", "keras_preprocessing");
        string root = PictureFolders(), out_ = Folder();
        string cases = Path.Combine(out_, "cases.json");
        File.WriteAllText(cases, JsonSerializer.Serialize(Cases.ToDictionary(c => c.Name, c => Case(root, c.Keras))));
        PythonEnvironment.Script("flow_from_directory.py", cases, out_);

        foreach (var (name, flow, _) in Cases)
        {
            var keras = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, name + ".json"))).RootElement;
            using var iterator = flow(root);
            Assert.Equal(keras.GetProperty("filenames").EnumerateArray().Select(f => f.GetString()), iterator.Filenames);
            Assert.Equal(keras.GetProperty("classes").EnumerateArray().Select(c => c.GetInt32()), iterator.Classes.GetData<int>());
            Assert.Equal(keras.GetProperty("class_indices").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()), iterator.ClassIndices);
            Assert.Equal(keras.GetProperty("batches").GetInt32(), iterator.Length);
            for (int i = 0; i < iterator.Length; i++)
            {
                var (x, y) = iterator.Next();
                Assert.True(NumpyReference.Difference(np.load(Path.Combine(out_, $"{name}_x{i}.npy")), x) is null,
                    $"{name}, batch {i}: {NumpyReference.Difference(np.load(Path.Combine(out_, $"{name}_x{i}.npy")), x)}");
                string yFile = Path.Combine(out_, $"{name}_y{i}.npy");
                if (!File.Exists(yFile))
                {
                    Assert.Null(y);
                    continue;
                }
                Assert.Null(NumpyReference.Difference(np.load(yFile), y!));
            }
        }
    }

    [Fact]
    public void A_folder_without_pictures_or_a_wrong_mode_is_refused_clearly()
    {
        string root = Folder();
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        var generator = new ImageDataGenerator();
        Assert.Contains("holds no pictures", Assert.Throws<ArgumentException>(() => generator.FlowFromDirectory(root)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => generator.FlowFromDirectory(Path.Combine(root, "missing")));
        string pictures = PictureFolders();
        Assert.Contains("class_mode must be", Assert.Throws<ArgumentException>(() => generator.FlowFromDirectory(pictures, class_mode: "onehot")).Message);
        Assert.Contains("subset must be", Assert.Throws<ArgumentException>(() => generator.FlowFromDirectory(pictures, subset: "test")).Message);
    }

    [SkippableFact]
    public void Fit_evaluate_and_predict_generators_learn_from_folders_of_real_pictures()
    {
        DatasetFixtures.RequireFashionMnist();
        string train = Folder(), test = Folder();
        // Trousers (1) against sneakers (7): 80 training and 30 test pictures of each.
        DatasetFixtures.WriteFashionMnistFolders(train, test, 80, 30, (1, "trouser"), (7, "sneaker"));
        Keras.Utils.Util.SetRandomSeed(4);
        var datagen = new ImageDataGenerator(rescale: 1.0 / 255);
        using var trainFlow = datagen.FlowFromDirectory(train, target_size: (28, 28), color_mode: "grayscale", class_mode: "binary", batch_size: 16);
        using var testFlow = datagen.FlowFromDirectory(test, target_size: (28, 28), color_mode: "grayscale", class_mode: "binary", batch_size: 16, shuffle: false);
        var model = new Sequential();
        model.Add(new Conv2D(8, (3, 3).ToTuple(), activation: "relu", input_shape: (28, 28, 1)));
        model.Add(new MaxPooling2D((2, 2).ToTuple()));
        model.Add(new Flatten());
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile("adam", "binary_crossentropy", new[] { "accuracy" });
        var history = model.FitGenerator(trainFlow, epochs: 3, verbose: 0, validation_data: testFlow);
        Assert.Equal(3, history.HistoryLogs["val_acc"].Length);
        Assert.True(history.HistoryLogs["loss"][^1] < history.HistoryLogs["loss"][0], "the loss falls");

        var score = model.EvaluateGenerator(testFlow);
        Assert.True(score[1] > 0.9, $"accuracy {score[1]} on 60 test pictures of two easy classes");
        Assert.Equal(history.HistoryLogs["val_acc"][^1], score[1], 6); // the same pictures, the same model

        using var unlabelled = datagen.FlowFromDirectory(test, target_size: (28, 28), color_mode: "grayscale", class_mode: null, batch_size: 7, shuffle: false);
        var predicted = model.PredictGenerator(unlabelled);
        Assert.Equal("(60, 1)", predicted.shape.ToString());
        var pictures = np.stack(unlabelled.Filenames.Select(f => ImageUtil.ImageToArray(ImageUtil.LoadImg(Path.Combine(test, f), "grayscale"))).ToArray()) / 255.0;
        Assert.True(predicted.Tensor.allclose(model.Predict(pictures.astype(np.float32)).Tensor, rtol: 0, atol: 1e-6), "PredictGenerator keeps the files' order");
        Assert.Contains("no targets", Assert.Throws<ArgumentException>(() => model.EvaluateGenerator(unlabelled)).Message);
    }
}
