using System.Text.Json.Nodes;
using Keras;
using Keras.Constraints;
using Keras.Initializers;
using Keras.Layers;
using Keras.Models;

namespace KerasSharp.Tests;

/// <summary>
/// Keras's model JSON: KerasSharp writes it as Keras 2.2 does, and reads what Keras 2.1-2.2 and tf.keras 2 write.
/// The Keras-written texts below follow Keras's own to_json() output (no Keras can run here to write them).
/// </summary>
public class ModelJsonTests : SessionScopedTest
{
    private static string Summary(BaseModel model)
    {
        var lines = new List<string>();
        model.Summary(print_fn: lines.Add);
        return string.Join("\n", lines);
    }

    [Fact]
    public void Both_tutorial_networks_round_trip_through_json()
    {
        foreach (var model in new[] { TutorialModels.FourConv(), TutorialModels.SixConv() })
        {
            string json = model.ToJson();
            var rebuilt = Sequential.ModelFromJson(json);
            Assert.Equal(Summary(model), Summary(rebuilt));
            Assert.Equal(json, rebuilt.ToJson());
        }
        var six = JsonNode.Parse(TutorialModels.SixConv().ToJson())!;
        Assert.Equal("Sequential", six["class_name"]!.GetValue<string>());
        var dense = six["config"]!["layers"]!.AsArray().Select(l => l!["config"]!).First(c => c["units"]?.GetValue<int>() == 1024);
        Assert.Equal("MaxNorm", dense["kernel_constraint"]!["class_name"]!.GetValue<string>());
        Assert.Equal(3, dense["kernel_constraint"]!["config"]!["max_value"]!.GetValue<double>());
        Assert.Equal("fan_avg", dense["kernel_initializer"]!["config"]!["mode"]!.GetValue<string>());
    }

    private const string Keras22Json = """
        {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
          {"class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "batch_input_shape": [null, 32, 32, 3], "dtype": "float32",
            "filters": 32, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
            "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null,
            "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1", "trainable": true, "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
          {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": true, "rate": 0.25, "noise_shape": null, "seed": null}},
          {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": true, "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "units": 10, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "normal", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null,
            "activity_regularizer": null, "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}}, "bias_constraint": null}}
        ]}, "keras_version": "2.2.4", "backend": "tensorflow"}
        """;

    [Fact]
    public void A_keras_2_2_model_json_builds_the_same_layers()
    {
        var model = Sequential.ModelFromJson(Keras22Json);
        Assert.Equal("sequential_1", model.Name);
        Assert.Equal(new Shape(32, 32, 3), model.InputShape);
        var conv = Assert.IsType<Conv2D>(model.Layers[0]);
        Assert.Equal(("conv2d_1", 32, (3, 3), "same", "relu"), (conv.Name, conv.Filters, conv.KernelSize, conv.Padding, conv.Activation));
        Assert.Equal(0.25, Assert.IsType<Dropout>(model.Layers[2]).Rate);
        var dense = Assert.IsType<Dense>(model.Layers[4]);
        Assert.Equal(3, Assert.IsType<MaxNorm>(dense.KernelConstraint).MaxValue);
        var init = Assert.IsType<VarianceScaling>(dense.KernelInitializer);
        Assert.Equal((2.0, "fan_in", "normal"), (init.Scale, init.Mode, init.Distribution));
        Assert.Equal(896 + 16 * 16 * 32 * 10 + 10, model.CountParams());
        // Written back, it is the same model Keras described.
        Assert.Equal(Summary(model), Summary(Sequential.ModelFromJson(model.ToJson())));
    }

    [Fact]
    public void Tf_keras_2_and_keras_2_1_forms_are_read_too()
    {
        const string tfKeras = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}},
              {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}},
              {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 4, "activation": "linear", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
                "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}
            ]}, "keras_version": "2.12.0", "backend": "tensorflow"}
            """;
        var model = Sequential.ModelFromJson(tfKeras);
        Assert.Equal(new Shape(28, 28, 1), model.InputShape);
        Assert.Equal(784 * 4 + 4, model.CountParams());
        Assert.IsType<GlorotUniform>(((Dense)model.Layers[1]).KernelInitializer);

        Assert.Contains("ragged inputs are not supported",
            Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson(tfKeras.Replace("\"ragged\": false", "\"ragged\": true"))).Message);

        const string keras21 = """{"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "d", "batch_input_shape": [null, 3], "units": 2}}]}""";
        Assert.Equal(8, Sequential.ModelFromJson(keras21).CountParams());
    }

    [Theory]
    [InlineData("\"class_name\": \"MaxPooling2D\"", "\"class_name\": \"MaxPooling3D\"", "a MaxPooling3D layer, which KerasSharp does not have")]
    [InlineData("\"activity_regularizer\": null, \"kernel_constraint\": {", "\"activity_regularizer\": {\"class_name\": \"L1L2\"}, \"kernel_constraint\": {",
                "Dense layer 'dense_1' has argument 'activity_regularizer'")]
    [InlineData("\"data_format\": \"channels_last\", \"dilation_rate\"", "\"data_format\": \"channels_first\", \"dilation_rate\"", "channels_last only")]
    [InlineData("\"rate\": 0.25,", "\"rate\": 0.25, \"foo\": 1,", "argument 'foo', which KerasSharp cannot honour: KerasSharp's layer has no such argument")]
    [InlineData("\"distribution\": \"uniform\"", "\"distribution\": \"untruncated_normal\"", "distribution 'untruncated_normal' is not supported")]
    [InlineData("\"trainable\": true, \"rate\"", "\"trainable\": false, \"rate\"", "not trainable are not supported")]
    [InlineData("\"kernel_size\": [3, 3]", "\"kernel_size\": [3, 0]", "Conv2D layer 'conv2d_1' has argument 'kernel_size', which KerasSharp cannot honour: size 0 is not a positive integer")]
    public void What_KerasSharp_lacks_is_named_not_dropped(string from, string to, string message)
    {
        Assert.Contains(from, Keras22Json);
        var e = Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson(Keras22Json.Replace(from, to)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Json_that_is_no_model_is_refused_clearly()
    {
        Assert.Contains("not valid JSON", Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson("{\"class_name\": ")).Message);
        Assert.Contains("KerasSharp builds Sequential and functional (Model, Functional) models", Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson("{\"class_name\": \"Network\", \"config\": {}}")).Message);
        Assert.Contains("has no list of layers", Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson("{\"class_name\": \"Functional\", \"config\": {}}")).Message);
        Assert.Contains("not an object", Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson("[]")).Message);
        Assert.Contains("no class_name", Assert.Throws<ArgumentException>(() => Sequential.ModelFromJson("{\"config\": {}}")).Message);
    }
}
