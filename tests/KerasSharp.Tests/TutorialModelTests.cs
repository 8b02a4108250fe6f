using Keras;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class TutorialModelTests
{
    [Fact]
    public void Both_tutorial_models_have_the_tutorials_parameter_counts_and_shapes()
    {
        var four = TutorialModels.FourConv();
        var six = TutorialModels.SixConv();
        Assert.Equal(1_250_858, four.CountParams());
        Assert.Equal(2_395_434, six.CountParams());
        Assert.Equal(new Shape(2304), four.Layers.Single(l => l is Keras.Layers.Flatten).OutputShape);
        Assert.Equal(new Shape(2048), six.Layers.Single(l => l is Keras.Layers.Flatten).OutputShape);
        Assert.Equal(new Shape(10), four.OutputShape);
        Assert.Equal(new Shape(10), six.OutputShape);
        Assert.Equal(18, four.Layers.Count);
        Assert.Equal(17, six.Layers.Count);
    }

    [Fact]
    public void Both_tutorial_models_train_with_the_tutorial_sgd_and_validation_data()
    {
        Util.SetRandomSeed(2024);
        // CIFAR-shaped data, read as the tutorial prepares it: uint8 images / 255 and one-hot labels.
        var xTrain = randint(0, 256, new long[] { 96, 32, 32, 3 }).to(ScalarType.Byte);
        var yTrain = randint(0, 10, new long[] { 96, 1 }).to(ScalarType.Byte);
        var xTest = randint(0, 256, new long[] { 32, 32, 32, 3 }).to(ScalarType.Byte);
        var yTest = randint(0, 10, new long[] { 32, 1 }).to(ScalarType.Byte);
        var x_train = xTrain.to_type(ScalarType.Float32) / 255;
        var x_test = xTest.to_type(ScalarType.Float32) / 255;
        var y_train = Util.ToCategorical(yTrain, 10);
        var y_test = Util.ToCategorical(yTest, 10);

        foreach (var model in new[] { TutorialModels.FourConv(), TutorialModels.SixConv() })
        {
            model.Compile(optimizer: TutorialModels.TutorialSgd(), loss: "categorical_crossentropy", metrics: new[] { "accuracy" });
            var history = model.Fit(x_train, y_train, batch_size: 32, epochs: 2, verbose: 0, validation_data: (x_test, y_test), shuffle: true);
            foreach (var key in new[] { "loss", "acc", "val_loss", "val_acc" })
            {
                Assert.Equal(2, history.history[key].Count);
                Assert.All(history.history[key], v => Assert.True(double.IsFinite(v)));
            }
            var scores = model.Evaluate(x_test, y_test, verbose: 0);
            Assert.Equal(history.history["val_acc"][^1], scores[1], 6);
            Assert.Equal(2 * 3, model.Optimizer!.Iterations);
        }
    }

    [Fact]
    public void The_max_norm_constraint_holds_after_training()
    {
        Util.SetRandomSeed(5);
        var model = TutorialModels.SixConv();
        model.Compile(TutorialModels.TutorialSgd(), "categorical_crossentropy");
        var dense = model.Layers.OfType<Keras.Layers.Dense>().First();
        var weights = dense.GetWeights();
        // Start every unit's incoming weights far above the limit of 3 (norm about 20).
        dense.SetWeights(new[] { weights[0] * 20 / weights[0].square().sum(new long[] { 0 }).sqrt(), weights[1] });

        model.Fit(rand(32, 32, 32, 3), Util.ToCategorical(randint(0, 10, 32), 10), verbose: 0);

        using var norms = dense.GetWeights()[0].square().sum(new long[] { 0 }).sqrt();
        Assert.True(norms.max().item<float>() <= 3 + 1e-4, $"max norm {norms.max().item<float>()}, min {norms.min().item<float>()}");
        Assert.True(norms.max().item<float>() >= 3 - 1e-3, "no unit was held at the limit");
    }
}
