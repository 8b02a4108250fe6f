// A program of our own in Keras.NET's style: a multilayer perceptron on MNIST-format pictures (the test gives it
// Fashion-MNIST under MNIST's file name), saved as JSON and HDF5 weights and loaded back. Only Keras.NET's and
// Numpy.NET's signatures are used; the namespace line and method name are the test's.
#nullable disable
using Keras;
using Keras.Datasets;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using Keras.Utils;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class FashionMnistMlpProgram
{
    public static (double[] Score, NDarray Predicted, NDarray Reloaded) Run(string folder)
    {
        var ((x_train, y_train), (x_test, y_test)) = MNIST.LoadData();
        x_train = x_train.reshape(x_train.shape[0], 784).astype(np.float32);
        x_test = x_test.reshape(x_test.shape[0], 784).astype(np.float32);
        x_train /= 255;
        x_test /= 255;
        Console.WriteLine($"{x_train.shape[0]} train samples, {x_test.shape[0]} test samples");
        y_train = Util.ToCategorical(y_train, 10);
        y_test = Util.ToCategorical(y_test, 10);

        var model = new Sequential();
        model.Add(new Dense(128, activation: "relu", input_shape: new Shape(784)));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(10, activation: "softmax"));
        model.Compile(loss: "categorical_crossentropy", optimizer: new RMSprop(), metrics: new string[] { "accuracy" });
        model.Fit(x_train, y_train, batch_size: 32, epochs: 5, verbose: 2, validation_data: new NDarray[] { x_test, y_test });
        var score = model.Evaluate(x_test, y_test, verbose: 0);
        Console.WriteLine($"Test loss: {score[0]}, test accuracy: {score[1]}");

        // save the architecture as JSON and the weights as HDF5, then build it again from both
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "model.json"), model.ToJson());
        model.SaveWeight(System.IO.Path.Combine(folder, "weights.h5"));
        var loaded = Sequential.ModelFromJson(System.IO.File.ReadAllText(System.IO.Path.Combine(folder, "model.json")));
        loaded.LoadWeight(System.IO.Path.Combine(folder, "weights.h5"));
        return (score, model.Predict(x_test), loaded.Predict(x_test));
    }
}
