// Keras.NET's README example "XOR", as written for Keras.NET: only the namespace line, the method name and the
// returned values differ (a test assembly cannot have a second Main). Keras.NET code is written without nullable annotations.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class XorProgram
{
    public static (NDarray Predicted, NDarray Reloaded, Keras.Callbacks.History History) Run(string folder)
    {
        //Load train data
        NDarray x = np.array(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        NDarray y = np.array(new float[] { 0, 1, 1, 0 });

        //Build sequential model
        var model = new Sequential();
        model.Add(new Dense(32, activation: "relu", input_shape: new Shape(2)));
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(1, activation: "sigmoid"));

        //Compile and train
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: new string[] { "accuracy" });
        var history = model.Fit(x, y, batch_size: 2, epochs: 1000, verbose: 1);

        //Save model and weights
        string json = model.ToJson();
        File.WriteAllText(Path.Combine(folder, "model.json"), json);
        model.SaveWeight(Path.Combine(folder, "model.h5"));

        //Load model and weight
        var loaded_model = Sequential.ModelFromJson(File.ReadAllText(Path.Combine(folder, "model.json")));
        loaded_model.LoadWeight(Path.Combine(folder, "model.h5"));
        return (model.Predict(x), loaded_model.Predict(x), history);
    }
}
