using Keras;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class TrainingTests
{
    internal static Sequential SmallConvNet()
    {
        var model = new Sequential();
        model.Add(new Conv2D(8, (3, 3), padding: "same", activation: "relu", input_shape: (8, 8, 1)));
        model.Add(new MaxPooling2D());
        model.Add(new Dropout(0.25));
        model.Add(new Flatten());
        model.Add(new Dense(16, activation: "relu"));
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile(new SGD(lr: 0.1, momentum: 0.9, nesterov: true), "categorical_crossentropy", new[] { "accuracy" });
        return model;
    }

    [Fact]
    public void A_small_convnet_learns_a_synthetic_problem_in_a_few_epochs()
    {
        Util.SetRandomSeed(7);
        var (x, y, _) = SyntheticData.Quadrants(1200, seed: 1);
        var (xTest, yTest, _) = SyntheticData.Quadrants(400, seed: 2);
        var model = SmallConvNet();

        var history = model.Fit(x, y, batch_size: 32, epochs: 5, verbose: 0, validation_data: (xTest, yTest));

        // Chance is 25%; a broken gradient, padding or flatten order stays near it.
        Assert.True(history.history["val_acc"][^1] > 0.95, $"val_acc {history.history["val_acc"][^1]}");
        Assert.True(history.history["loss"][^1] < history.history["loss"][0]);
        var scores = model.Evaluate(xTest, yTest, verbose: 0);
        Assert.Equal(2, scores.Length);
        Assert.Equal(history.history["val_acc"][^1], scores[1], 6);
        Assert.Equal(history.history["val_loss"][^1], scores[0], 5);
        using var probabilities = model.Predict(xTest);
        Assert.Equal(new long[] { 400, 4 }, probabilities.shape);
        Assert.Equal(1.0, probabilities.sum(1).mean().item<float>(), 5);
    }

    [Fact]
    public void History_resolves_both_accuracy_spellings_and_keeps_initial_epoch()
    {
        Util.SetRandomSeed(1);
        var (x, y, _) = SyntheticData.Quadrants(64, seed: 4);
        var model = SmallConvNet();
        var history = model.Fit(x, y, epochs: 3, initial_epoch: 1, verbose: 0, validation_split: 0.5);
        var values = history.history;
        Assert.Same(values["acc"], values["accuracy"]);
        Assert.Same(values["val_acc"], values["val_accuracy"]);
        Assert.Equal(new[] { 1, 2 }, history.epoch);
        Assert.Equal(2, history.history["loss"].Count);
        var e = Assert.Throws<KeyNotFoundException>(() => history.history["precision"]);
        Assert.Contains("loss", e.Message);
    }

    [Fact]
    public void Validation_split_takes_the_last_samples_before_shuffling()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 1, kernel_initializer: "zeros"));
        model.Compile("sgd", "mse");
        // The last 25% have target 100 and the rest 0; an untrained zero model then has val_loss 100^2.
        var x = zeros(8, 1);
        var y = cat(new[] { zeros(6, 1), full(2, 1, 100f) }, 0);
        var captured = new List<double>();
        var history = model.Fit(x, y, batch_size: 2, epochs: 1, verbose: 0, validation_split: 0.25, callbacks: new[] { new LossRecorder(captured) });
        Assert.Equal(3, captured.Count);
        Assert.All(captured, loss => Assert.Equal(0, loss));
        Assert.Equal(10000, history.history["val_loss"][0], 3);
    }

    private sealed class LossRecorder(List<double> losses) : Callback
    {
        public override void OnBatchEnd(int batch, IDictionary<string, double> logs) => losses.Add(logs["loss"]);
    }

    [Fact]
    public void Callbacks_see_batches_and_epochs_and_can_stop_training()
    {
        var (x, y, _) = SyntheticData.Quadrants(100, seed: 5);
        var model = SmallConvNet();
        var stopper = new StopAfterBatches(5);
        var history = model.Fit(x, y, batch_size: 10, epochs: 3, verbose: 0, callbacks: new[] { stopper });
        Assert.Equal(5, stopper.Batches);
        Assert.Single(history.epoch);
        Assert.Equal(10, stopper.LastSize);
    }

    private sealed class StopAfterBatches(int limit) : Callback
    {
        public int Batches;
        public double LastSize;

        public override void OnBatchEnd(int batch, IDictionary<string, double> logs)
        {
            Batches++;
            LastSize = logs["size"];
            Assert.True(logs.ContainsKey("loss") && logs.ContainsKey("acc"));
            if (Batches == limit) Model!.StopTraining = true;
        }
    }

    [Fact]
    public void Sparse_labels_train_with_sparse_crossentropy_and_sparse_accuracy()
    {
        Util.SetRandomSeed(3);
        var (x, _, labels) = SyntheticData.Quadrants(600, seed: 6);
        var model = new Sequential();
        model.Add(new Flatten(input_shape: (8, 8, 1)));
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile(new Adam(lr: 0.01), "sparse_categorical_crossentropy", new[] { "accuracy" });
        var history = model.Fit(x, labels, epochs: 8, verbose: 0);
        Assert.True(history.history["acc"][^1] > 0.9, $"acc {history.history["acc"][^1]}");
        Assert.IsType<Keras.Metrics.SparseCategoricalAccuracy>(model.Metrics[0]);
    }

    [Fact]
    public void Batch_normalization_tracks_moving_statistics_with_keras_momentum()
    {
        var model = new Sequential();
        model.Add(new BatchNormalization(input_shape: 2));
        model.Compile("sgd", "mse");
        var x = tensor(new float[] { 1, 10, 3, 30 }).reshape(2, 2);
        model.Fit(x, zeros(2, 2), batch_size: 2, epochs: 1, verbose: 0, shuffle: false);
        var weights = model.GetWeights(); // gamma, beta, moving_mean, moving_variance
        // moving = 0.99 * moving + 0.01 * batch statistic (variance unbiased: n/(n-1)).
        Assert.Equal(0.01 * 2, weights[2][0].item<float>(), 5);
        Assert.Equal(0.01 * 20, weights[2][1].item<float>(), 5);
        Assert.Equal(0.99 + 0.01 * 2, weights[3][0].item<float>(), 5);
        Assert.Equal(0.99 + 0.01 * 200, weights[3][1].item<float>(), 4);
        Assert.Equal(2, model.Layers[0].NonTrainableWeights.Count());
    }
}
