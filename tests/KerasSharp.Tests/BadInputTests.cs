using Keras;
using Keras.Initializers;
using Keras.Layers;
using Keras.Losses;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>User mistakes get Keras-style messages that name what was wrong and what to do.</summary>
public class BadInputTests
{
    private static Sequential Compiled(string loss = "categorical_crossentropy")
    {
        var model = new Sequential();
        model.Add(new Conv2D(4, 3, input_shape: (8, 8, 1), name: "first_conv"));
        model.Add(new Flatten());
        model.Add(new Dense(3, activation: "softmax"));
        model.Compile("sgd", loss, new[] { "accuracy" });
        return model;
    }

    [Fact]
    public void Input_of_the_wrong_shape_names_both_shapes_and_the_layer()
    {
        var model = Compiled();
        var e = Assert.Throws<ArgumentException>(() => model.Fit(zeros(5, 28, 28, 1), zeros(5, 3), verbose: 0));
        Assert.Contains("first_conv_input", e.Message);
        Assert.Contains("(None, 8, 8, 1)", e.Message);
        Assert.Contains("(5, 28, 28, 1)", e.Message);
        Assert.Throws<ArgumentException>(() => model.Predict(zeros(5, 8, 8)));
    }

    [Fact]
    public void Labels_that_do_not_fit_the_output_or_loss_are_explained()
    {
        var model = Compiled();
        var e = Assert.Throws<ArgumentException>(() => model.Fit(zeros(5, 8, 8, 1), zeros(5, 1), verbose: 0));
        Assert.Contains("(None, 3)", e.Message);
        Assert.Contains("(5, 1)", e.Message);
        Assert.Contains("ToCategorical", e.Message);

        var count = Assert.Throws<ArgumentException>(() => model.Fit(zeros(5, 8, 8, 1), zeros(4, 3), verbose: 0));
        Assert.Contains("Found 5 input samples and 4 target samples", count.Message);

        var sparse = Compiled("sparse_categorical_crossentropy");
        var oneHot = Assert.Throws<ArgumentException>(() => sparse.Fit(zeros(5, 8, 8, 1), zeros(5, 3), verbose: 0));
        Assert.Contains("categorical_crossentropy", oneHot.Message);
    }

    [Fact]
    public void Fit_and_evaluate_before_compile_say_to_compile()
    {
        var model = new Sequential();
        model.Add(new Dense(2, input_shape: 3));
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(zeros(2, 3), zeros(2, 2)));
        Assert.Contains("Compile", e.Message);
        Assert.Throws<InvalidOperationException>(() => model.Evaluate(zeros(2, 3), zeros(2, 2)));
    }

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        var activation = Assert.Throws<ArgumentException>(() => new Dense(2, activation: "rellu"));
        Assert.Contains("relu, softmax, sigmoid, tanh", activation.Message);
        var loss = Assert.Throws<ArgumentException>(() => (Loss)"categorical_crossentropyy");
        Assert.Contains("categorical_crossentropy, sparse_categorical_crossentropy", loss.Message);
        var init = Assert.Throws<ArgumentException>(() => (Initializer)"glorot");
        Assert.Contains("glorot_uniform", init.Message);
        var metric = Assert.Throws<ArgumentException>(() => Compiled().Compile("sgd", "mse", new[] { "f1" }));
        Assert.Contains("accuracy", metric.Message);
        var device = Assert.Throws<ArgumentException>(() => Backend.SetDevice("tpu"));
        Assert.Contains("'auto', 'cpu', 'cuda'", device.Message);
    }

    [Fact]
    public void A_first_layer_without_input_shape_is_refused()
    {
        var model = new Sequential();
        var e = Assert.Throws<ArgumentException>(() => model.Add(new Dense(10)));
        Assert.Contains("input_shape", e.Message);
    }

    [Fact]
    public void Windows_larger_than_the_image_are_refused_when_the_model_is_built()
    {
        var model = new Sequential();
        model.Add(new Conv2D(2, 3, input_shape: (4, 4, 1)));
        model.Add(new MaxPooling2D());
        var e = Assert.Throws<ArgumentException>(() => model.Add(new Conv2D(2, 3)));
        Assert.Contains("does not fit an input of 1", e.Message);
        Assert.Throws<ArgumentException>(() => new Sequential().Add(new Conv2D(2, 3, input_shape: 10)));
    }

    [Fact]
    public void A_nan_loss_stops_training_and_says_so()
    {
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 2));
        model.Compile("sgd", "categorical_crossentropy");
        var output = new StringWriter();
        model.Writer = output;
        var x = full(64, 2, float.NaN);
        var y = Keras.Utils.Util.ToCategorical(zeros(64), 2);
        var history = model.Fit(x, y, batch_size: 8, epochs: 5, verbose: 1, validation_data: (x, y));
        Assert.Contains("Invalid loss", output.ToString());
        Assert.Single(history.epoch);
        Assert.False(history.history.ContainsKey("val_loss")); // the stopped epoch is not validated, as in Keras
        Assert.True(double.IsNaN(history.history["loss"][0]));
        Assert.True(model.StopTraining);
    }
}
