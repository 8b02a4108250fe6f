// A CIFAR-10 CNN in Keras.NET's style (the shape of the program from the issue that measured Keras.NET's distance):
// only the namespace line and the method name differ from Keras.NET code. Written without nullable annotations.
#nullable disable
using Keras;
using Keras.Datasets;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using Keras.Utils;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class Cifar10CnnProgram
{
    public static Dictionary<string, double[]> Run(string weightsFile)
    {
        var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();
        Console.WriteLine("shape: " + x_train.shape);
        x_train = x_train.astype(np.float32);
        x_test = x_test.astype(np.float32);
        x_train /= 255;
        x_test /= 255;
        y_train = Util.ToCategorical(y_train, 10);
        y_test = Util.ToCategorical(y_test, 10);

        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3).ToTuple(), padding: "same", activation: "relu", input_shape: (32, 32, 3)));
        model.Add(new MaxPooling2D(pool_size: (2, 2).ToTuple()));
        model.Add(new Conv2D(64, (3, 3).ToTuple(), padding: "same", activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2).ToTuple()));
        model.Add(new Flatten());
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(10, activation: "softmax"));
        model.Compile(optimizer: new SGD(lr: 0.01, momentum: 0.9), loss: "categorical_crossentropy", metrics: new string[] { "accuracy" });

        var history = model.Fit(x_train, y_train, batch_size: 4, epochs: 2, validation_data: new NDarray[] { x_test, y_test });
        Console.WriteLine("acc: " + string.Join(", ", history.HistoryLogs["acc"]));
        model.SaveWeight(weightsFile);
        return history.HistoryLogs;
    }
}
