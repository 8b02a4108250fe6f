using System.Text.Json.Nodes;
using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>
/// Keras's semantics checked against a real Keras: TensorFlow.js 4.22's layers API (Google's port of Keras, pure-JS
/// CPU backend), given the same weights and inputs through the TensorFlow.js export. Every layer's forward pass in
/// inference, within 1e-5; then a few epochs of training with SGD (Nesterov momentum), Adam and RMSprop from the same
/// weights on the same unshuffled batches: the weights and the History agree within 1e-5.
/// </summary>
public class KerasReferenceTests : SessionScopedTest
{
    internal static Tensor Random(int seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return randn(shape, generator: generator);
    }

    /// <summary>Every weight drawn afresh (so that biases and batch statistics are not their zero or one starts); variances positive.</summary>
    internal static T Randomized<T>(T model, int seed) where T : BaseModel
    {
        using var generator = new Generator((ulong)seed);
        foreach (var layer in model.Layers)
            layer.SetWeights(layer.GetWeights().Select((w, i) => layer is BatchNormalization && i == 3
                ? rand(w.shape, generator: generator) + 0.5
                : randn(w.shape, generator: generator) * 0.5).ToArray());
        return model;
    }

    /// <summary>A Sequential model of <paramref name="layers"/> after an InputLayer of shape <paramref name="input"/>.</summary>
    internal static Sequential Chain(Shape input, params Layer[] layers)
    {
        var model = new Sequential();
        model.Add(new InputLayer(input_shape: input));
        foreach (var layer in layers) model.Add(layer);
        return model;
    }

    private static Model Merged(Func<Layer> merge)
    {
        var a = new Input(new Shape(6));
        var b = new Input(new Shape(6));
        return new Model(new[] { a, b }, new[] { merge().Apply(new Dense(6).Apply(a), new Dense(6, activation: "tanh").Apply(b)) });
    }

    public static IEnumerable<(string Name, Func<BaseModel> Model, long[][] Inputs)> ForwardCases()
    {
        long[] Pictures(long h, long w, long c) => new long[] { 3, h, w, c };
        yield return ("conv_valid", () => Chain((7, 7, 2), new Conv2D(4, (3, 3))), new[] { Pictures(7, 7, 2) });
        yield return ("conv_same_stride2_odd", () => Chain((9, 9, 3), new Conv2D(5, (3, 3), strides: (2, 2), padding: "same")), new[] { Pictures(9, 9, 3) });
        yield return ("conv_same_stride2_even", () => Chain((8, 8, 3), new Conv2D(5, (3, 3), strides: (2, 2), padding: "same")), new[] { Pictures(8, 8, 3) });
        yield return ("conv_rectangular", () => Chain((9, 8, 2), new Conv2D(3, (4, 2), strides: (2, 1), padding: "same", use_bias: false)), new[] { Pictures(9, 8, 2) });
        yield return ("conv_dilated", () => Chain((9, 9, 2), new Conv2D(3, (3, 3), dilation_rate: (2, 2))), new[] { Pictures(9, 9, 2) });
        yield return ("max_pool", () => Chain((8, 8, 3), new MaxPooling2D((2, 2))), new[] { Pictures(8, 8, 3) });
        yield return ("max_pool_same_stride2", () => Chain((7, 7, 3), new MaxPooling2D((3, 3), strides: (2, 2), padding: "same")), new[] { Pictures(7, 7, 3) });
        yield return ("avg_pool", () => Chain((8, 6, 2), new AveragePooling2D((2, 3))), new[] { Pictures(8, 6, 2) });
        yield return ("avg_pool_same", () => Chain((7, 7, 2), new AveragePooling2D((3, 3), strides: (2, 2), padding: "same")), new[] { Pictures(7, 7, 2) });
        yield return ("global_pools", () => Merged2D(), new[] { Pictures(5, 6, 4) });
        yield return ("zero_padding_reshape", () => Chain((4, 5, 2), new ZeroPadding2D((1, 2)), new Reshape(new[] { 54, 2 }), new Flatten()), new[] { Pictures(4, 5, 2) });
        // A -1 in the target shape (tfjs leaves that axis undefined, so nothing shape-dependent may follow it there).
        yield return ("reshape_inferred", () => Chain((4, 5, 2), new Reshape(new[] { -1, 4 })), new[] { Pictures(4, 5, 2) });
        yield return ("batch_normalization", () => Chain((5, 5, 3), new BatchNormalization(), new Flatten(), new Dense(4), new BatchNormalization()), new[] { Pictures(5, 5, 3) });
        yield return ("dropout_inference", () => Chain(new Shape(10), new Dense(8), new Dropout(0.5), new Dense(3)), new[] { new long[] { 4, 10 } });
        foreach (var activation in new[] { "relu", "softmax", "sigmoid", "tanh", "linear", "elu", "selu", "softplus" })
            yield return ($"dense_{activation}", () => Chain(new Shape(10), new Dense(7, activation: activation), new Activation(activation)), new[] { new long[] { 4, 10 } });
        foreach (var (name, merge) in new (string, Func<Layer>)[] { ("add", () => new Add()), ("multiply", () => new Multiply()),
            ("average", () => new Average()), ("maximum", () => new Maximum()), ("minimum", () => new Minimum()), ("concatenate", () => new Concatenate()) })
            yield return ($"merge_{name}", () => Merged(merge), new[] { new long[] { 4, 6 }, new long[] { 4, 6 } });
    }

    private static Model Merged2D()
    {
        var pictures = new Input((5, 6, 4));
        return new Model(new[] { pictures }, new[] { new Concatenate().Apply(new GlobalAveragePooling2D().Apply(pictures), new GlobalMaxPooling2D().Apply(pictures)) });
    }

    [SkippableFact]
    public void Every_layer_computes_what_tensorflow_js_computes()
    {
        var cases = ForwardCases().Select((c, i) => (c.Name, Model: Randomized(c.Model(), 100 + i),
            Inputs: c.Inputs.Select((shape, j) => Random(200 + 10 * i + j, shape)).ToArray())).ToList();
        var results = TensorflowJsReference.Run(cases.Select(c => new TensorflowJsReference.Job(c.Name, c.Model, c.Inputs)).ToArray());
        var failures = new List<string>();
        foreach (var (name, model, inputs) in cases)
        {
            double difference = TensorflowJsReference.Difference(model.Predict(inputs), results[name].Tensors[0].Value);
            if (!(difference < 1e-5)) failures.Add($"{name}: differs from TensorFlow.js by {difference:G3}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string> Optimizers() => new() { "sgd_nesterov", "sgd", "adam", "rmsprop" };

    [SkippableTheory]
    [MemberData(nameof(Optimizers))]
    public void Training_steps_give_the_weights_and_history_tensorflow_js_gives(string optimizer)
    {
        // Keras 2.2's legacy SGD equals TensorFlow's momentum form at a constant learning rate. Adam and RMSprop place
        // epsilon differently (Keras 2.2: lr_t m / (sqrt(v) + eps) and g / (sqrt(a) + eps); TensorFlow.js: m_hat /
        // (sqrt(v_hat) + eps) and g / sqrt(a + eps)), so both run with an epsilon of 1e-10, where the forms agree.
        var (ours, theirs) = optimizer switch
        {
            "sgd_nesterov" => ((Optimizer)new SGD(lr: 0.1, momentum: 0.9, nesterov: true), new JsonObject { ["name"] = "sgd", ["lr"] = 0.1, ["momentum"] = 0.9, ["nesterov"] = true }),
            "sgd" => (new SGD(lr: 0.2), new JsonObject { ["name"] = "sgd", ["lr"] = 0.2, ["momentum"] = 0 }),
            "adam" => (new Adam(lr: 0.01, epsilon: 1e-10), new JsonObject { ["name"] = "adam", ["lr"] = 0.01, ["beta_1"] = 0.9, ["beta_2"] = 0.999, ["epsilon"] = 1e-10 }),
            _ => (new RMSprop(lr: 0.01, rho: 0.9, epsilon: 1e-10), new JsonObject { ["name"] = "rmsprop", ["lr"] = 0.01, ["rho"] = 0.9, ["epsilon"] = 1e-10 }),
        };
        Keras.Utils.Util.SetRandomSeed(11);
        var model = Chain(new Shape(5), new Dense(8, activation: "tanh"), new Dense(3, activation: "softmax"));
        var x = Random(12, 64, 5);
        using var labels = (x.narrow(1, 0, 3) + Random(13, 64, 3) * 0.3).argmax(1);
        var y = nn.functional.one_hot(labels, 3).to_type(ScalarType.Float32);
        var reference = TensorflowJsReference.Run(new TensorflowJsReference.Job("train", model, new[] { x }, new[] { y },
            new TensorflowJsReference.Training(theirs, "categoricalCrossentropy", 16, 3, new[] { "accuracy" })))["train"];

        model.Compile(ours, "categorical_crossentropy", new[] { "accuracy" });
        var history = model.Fit(x, y, batch_size: 16, epochs: 3, shuffle: false, verbose: 0);
        TensorflowJsReference.AssertTrainedAlike(optimizer, reference, model, history, epochs: 3);
    }
}
