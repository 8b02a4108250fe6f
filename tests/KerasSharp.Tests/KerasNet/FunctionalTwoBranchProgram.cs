// A program of our own in Keras.NET's style, with its functional API as Keras.NET's merge example writes it: two
// inputs, a Dense branch on each, Concatenate, one output, trained batch by batch with TrainOnBatch (Keras.NET's Fit
// takes one input array). Only Keras.NET's and Numpy.NET's signatures are used; the namespace line and method name
// are the test's.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class FunctionalTwoBranchProgram
{
    public static (double FirstLoss, double LastLoss, double[] Test, NDarray Predicted) Run()
    {
        // y = sum of the first input's values minus the mean of the second's
        var a = np.random.normal(0f, 1f, new[] { 512, 4 }).astype(np.float32);
        var b = np.random.normal(0f, 1f, new[] { 512, 3 }).astype(np.float32);
        var y = (np.sum(a, 1) - np.mean(b, 1)).reshape(512, 1).astype(np.float32);

        var left = new Input(new Shape(4));
        var right = new Input(new Shape(3));
        var leftBranch = new Dense(16, activation: "relu").Set(left);
        var rightBranch = new Dense(16, activation: "relu").Set(right);
        var merged = new Concatenate(leftBranch, rightBranch);
        var output = new Dense(1).Set(merged);
        var model = new Keras.Models.Model(new Input[] { left, right }, new BaseLayer[] { output });
        model.Compile(optimizer: "adam", loss: "mean_absolute_error", metrics: new string[] { "mse" });
        model.Summary();

        double first = 0, last = 0;
        for (int epoch = 0; epoch < 40; epoch++)
            for (int start = 0; start < 512; start += 64)
            {
                string rows = $"{start}:{start + 64}";
                double[] result = model.TrainOnBatch(new NDarray[] { a[rows], b[rows] }, y[rows]);
                if (epoch == 0 && start == 0) first = result[0];
                last = result[0];
            }
        double[] test = model.TestOnBatch(new NDarray[] { a, b }, y);
        var predicted = model.Predict(new List<NDarray> { a[":8"], b[":8"] });
        Console.WriteLine($"loss {first:F3} -> {last:F3}, test mae {test[0]:F3}, mse {test[1]:F3}");
        return (first, last, test, predicted);
    }
}
