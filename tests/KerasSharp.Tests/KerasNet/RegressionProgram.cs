// A program of our own in Keras.NET's style: fits a smooth curve from noisy samples, with the NumPy functions such
// programs call for data and statistics, Keras 2.2's initializer names and regression losses and metrics. Only
// Keras.NET's and Numpy.NET's signatures are used; the namespace line and method name are the test's.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class RegressionProgram
{
    public static (double[] Score, double Msle, double Rmse, double TargetStd, NDarray Reloaded, NDarray Predictions) Run(string folder)
    {
        // y = exp(x) + noise, with x in [-1, 1] and a second feature x²
        var x = np.linspace(-1, 1, 400);
        var noise = np.random.normal(0f, 0.02f, new[] { 400 });
        var y = np.exp(x) + noise;
        var features = np.stack(new[] { x, x * x }, 1);
        var table = np.hstack(features, np.reshape(y, 400, 1));

        // shuffle the rows, then take the columns apart again
        np.random.shuffle(table);
        var columns = np.transpose(table);
        var X = np.transpose(np.vstack(columns[0], columns[1])).astype(np.float32);
        var Y = np.squeeze(columns["2:3"]).astype(np.float32);
        Console.WriteLine($"target mean {np.mean(Y):F3}, std {np.std(Y):F3}, var {np.var(Y):F4}");

        var model = new Sequential();
        model.Add(new Dense(16, activation: "tanh", input_shape: new Shape(2), kernel_initializer: "normal"));
        model.Add(new Dense(16, activation: "tanh", kernel_initializer: "identity", bias_initializer: "zeros"));
        model.Add(new Dense(16, activation: "relu", kernel_initializer: "truncated_normal"));
        model.Add(new Dense(8, activation: "relu", kernel_initializer: "lecun_normal"));
        model.Add(new Dense(1, kernel_initializer: "orthogonal"));
        model.Compile(optimizer: "adam", loss: "mean_squared_logarithmic_error", metrics: new string[] { "mae", "mse", "mape", "cosine_proximity" });
        model.Fit(X, Y, batch_size: 32, epochs: 120, verbose: 0, validation_split: 0.25f);

        double[] score = model.Evaluate(X, Y, verbose: 0);
        var predictions = np.clip(model.Predict(X), (NDarray)0.0, (NDarray)10.0);
        var targets = Y.reshape(400, 1);
        var logError = np.log(predictions + 1.0) - np.log(targets + 1.0);
        double msle = np.mean(logError * logError);
        var error = predictions - targets;
        double rmse = Math.Sqrt(np.mean(error * error));
        Console.WriteLine($"msle {msle:F5}, mae {score[1]:F4}, rmse {rmse:F4}");

        // keep the predictions as NumPy files, next to a unit matrix and a constant array of the same use
        np.save(System.IO.Path.Combine(folder, "predictions.npy"), predictions);
        np.save(System.IO.Path.Combine(folder, "unit.npy"), np.eye(3));
        np.save(System.IO.Path.Combine(folder, "halves.npy"), np.full((2, 2), 0.5));
        var reloaded = np.load(System.IO.Path.Combine(folder, "predictions.npy"));
        return (score, msle, rmse, np.std(Y), reloaded, predictions);
    }
}
