// A program of our own in Keras.NET's style: a binary classifier over a CSV table of eight measurements and a 0/1
// outcome, as the many Keras.NET programs on diabetes-style tables are written. Only Keras.NET's and Numpy.NET's
// signatures are used, so it compiles against either; the namespace line and method name are the test's.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class CsvClassifierProgram
{
    public static (double[] Score, int Correct, NDarray Confusion) Run(string csvPath, string outputPath)
    {
        // load the dataset: 8 input columns, then the outcome
        NDarray dataset = np.loadtxt(csvPath, delimiter: ",");
        var X = dataset[":, 0:8"];
        var Y = dataset[":, 8"];
        Console.WriteLine("min " + np.min(X) + ", max " + np.max(X));

        // define the keras model: Keras.NET's Dense(units, input_dim, activation)
        var model = new Sequential();
        model.Add(new Dense(12, 8, "relu"));
        model.Add(new Dense(8, activation: "relu", kernel_initializer: "uniform"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: new string[] { "accuracy", "mse" });

        model.Fit(X, Y, batch_size: 16, epochs: 40, verbose: 0);
        double[] score = model.Evaluate(X, Y, verbose: 0);
        Console.WriteLine($"Accuracy: {score[1] * 100:F2}%");

        // predicted classes as unsigned integers, and how many are right
        var probabilities = model.Predict(X);
        var predicted = np.squeeze(probabilities > 0.5).astype(np.uint32);
        var errors = np.abs(predicted.astype(np.float32) - Y.astype(np.float32));
        int correct = (int)Y.shape[0] - (int)np.sum(errors);
        float first = (float)probabilities[0];
        Console.WriteLine($"{correct} right; the first row's probability is {first}");

        // a confusion matrix, as an int[,] turned into an array
        var counts = new int[2, 2];
        var truth = Y.astype(np.int32).GetData<int>();
        var guesses = predicted.astype(np.int64).GetData<long>();
        for (int i = 0; i < truth.Length; i++) counts[truth[i], guesses[i]]++;
        var confusion = new NDarray(counts);

        // the inputs with the prediction beside them, back to a CSV
        np.savetxt(outputPath, np.hstack(X, probabilities), fmt: new[] { "%.4f" }, delimiter: ",");
        return (score, correct, confusion);
    }
}
