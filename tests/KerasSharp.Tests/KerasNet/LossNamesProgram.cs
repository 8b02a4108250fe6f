// A program of our own in Keras.NET's style: the same small network compiled with each of Keras 2.2's loss names in
// turn, as people try them, trained briefly on data each loss suits. Only Keras.NET's and Numpy.NET's signatures are
// used; the namespace line and method name are the test's.
#nullable disable
using Keras;
using Keras.Layers;
using Keras.Models;
using Numpy;

namespace KerasSharp.Tests.KerasNet;

public static class LossNamesProgram
{
    public static Dictionary<string, double[]> Run()
    {
        // 3 classes from 4 features: one-hot targets for the classification losses, -1/+1 for the hinges,
        // counts for poisson, positive values for the logarithmic ones
        var x = np.random.normal(0f, 1f, new[] { 240, 4 }).astype(np.float32);
        var scores = np.stack(new[] { x[":, 0"] + x[":, 1"], x[":, 2"], -x[":, 3"] }, 1);
        var labels = np.argmax(scores, 1);
        NDarray onehot = Keras.Utils.Util.ToCategorical(labels, 3);
        var signs = onehot * 2.0 - 1.0;
        var counts = np.exp(x[":, 0:3"] * 0.5);


        var targets = new Dictionary<string, NDarray>
        {
            ["categorical_crossentropy"] = onehot, ["kullback_leibler_divergence"] = onehot, ["kld"] = onehot,
            ["categorical_hinge"] = onehot, ["cosine_proximity"] = onehot,
            ["hinge"] = signs, ["squared_hinge"] = signs,
            ["poisson"] = counts, ["mean_squared_logarithmic_error"] = counts, ["msle"] = counts,
            ["mean_absolute_percentage_error"] = counts, ["mape"] = counts,
            ["mean_squared_error"] = scores, ["mse"] = scores, ["mean_absolute_error"] = scores, ["mae"] = scores, ["logcosh"] = scores,
        };
        var losses = new Dictionary<string, double[]>();
        foreach (var (loss, y) in targets)
        {
            // probabilities for the cross-entropies, positive values where the loss takes logarithms or ratios
            string activation = ReferenceEquals(y, onehot) && loss != "categorical_hinge" && loss != "cosine_proximity" ? "softmax" : ReferenceEquals(y, counts) ? "softplus" : "linear";
            var model = new Sequential();
            model.Add(new Dense(16, activation: "relu", input_shape: new Shape(4)));
            model.Add(new Dense(3, activation: activation));
            model.Compile(optimizer: "adam", loss: loss, metrics: new string[] { "accuracy" });
            var history = model.Fit(x, y, batch_size: 24, epochs: 15, verbose: 0);
            losses[loss] = history.HistoryLogs["loss"];
            Console.WriteLine($"{loss}: {losses[loss][0]:F4} -> {losses[loss][^1]:F4}");
        }
        return losses;
    }
}
