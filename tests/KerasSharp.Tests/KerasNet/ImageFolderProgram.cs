// A program of our own in Keras.NET's style: an image classifier over a folder per class, as Keras.NET programs port
// Keras's "small datasets" example: ImageDataGenerator with rescale and flips, FlowFromDirectory, FitGenerator,
// EvaluateGenerator, the model saved whole and loaded back, then one picture classified with ImageUtil and the whole
// test folder with PredictGenerator. Only Keras.NET's and Numpy.NET's signatures are used; the namespace line and
// method name are the test's.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.PreProcessing.Image;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class ImageFolderProgram
{
    public static (double[] Score, int SinglePrediction, NDarray All, string[] Files) Run(string trainDir, string testDir, string folder)
    {
        var train_datagen = new ImageDataGenerator(rescale: 1f / 255, horizontal_flip: true, validation_split: 0.25f);
        var test_datagen = new ImageDataGenerator(rescale: 1f / 255);
        var train_generator = train_datagen.FlowFromDirectory(trainDir, target_size: (28, 28).ToTuple(), color_mode: "grayscale",
            batch_size: 16, class_mode: "categorical", subset: "training");
        var validation_generator = train_datagen.FlowFromDirectory(trainDir, target_size: (28, 28).ToTuple(), color_mode: "grayscale",
            batch_size: 16, class_mode: "categorical", subset: "validation");

        var model = new Sequential();
        model.Add(new Conv2D(16, (3, 3).ToTuple(), activation: "relu", input_shape: new Shape(28, 28, 1)));
        model.Add(new MaxPooling2D(pool_size: (2, 2).ToTuple()));
        model.Add(new Conv2D(16, (3, 3).ToTuple(), activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2).ToTuple()));
        model.Add(new Flatten());
        model.Add(new Dense(32, activation: "relu"));
        model.Add(new Dense(3, activation: "softmax"));
        model.Compile(loss: "categorical_crossentropy", optimizer: "adam", metrics: new string[] { "accuracy" });
        model.FitGenerator(train_generator, steps_per_epoch: 12, epochs: 6, verbose: 1, validation_data: validation_generator, validation_steps: 4);

        var test_generator = test_datagen.FlowFromDirectory(testDir, target_size: (28, 28).ToTuple(), color_mode: "grayscale",
            batch_size: 10, class_mode: "categorical", shuffle: false);
        double[] score = model.EvaluateGenerator(test_generator);
        Console.WriteLine($"test loss {score[0]:F4}, accuracy {score[1]:F4}");

        // save the whole model, load it back, and classify one picture
        string modelFile = System.IO.Path.Combine(folder, "classifier.h5");
        model.Save(modelFile);
        var loaded = BaseModel.LoadModel(modelFile);
        var img = ImageUtil.LoadImg(System.IO.Path.Combine(testDir, "sneaker", "000.png"), color_mode: "grayscale", target_size: new Shape(28, 28));
        var x = ImageUtil.ImageToArray(img);
        x = np.expand_dims(x, 0) / 255;
        var prediction = loaded.Predict(x);
        int single = (int)np.argmax(prediction);

        // every test picture, in the files' order
        var unlabelled = test_datagen.FlowFromDirectory(testDir, target_size: (28, 28).ToTuple(), color_mode: "grayscale",
            batch_size: 10, class_mode: null, shuffle: false);
        var all = loaded.PredictGenerator(unlabelled);
        return (score, single, all, unlabelled.Filenames.ToArray());
    }
}
