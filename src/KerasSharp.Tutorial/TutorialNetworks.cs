using Keras;
using Keras.Constraints;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace KerasSharp.Tutorial;

/// <summary>
/// The tutorial's two networks, each its <c>base_model()</c> (4layerCNN.py and 6layerCNN.py): layers as the tutorial
/// adds them, compiled with SGD and categorical crossentropy. The steps, the benchmark and the tests build them here.
/// </summary>
public static class TutorialNetworks
{
    public const string FourConv = "4-conv";
    public const string SixConv = "6-conv";

    /// <summary>Both networks, in the order the tutorial trains them.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { FourConv, SixConv };

    /// <summary>The file-name form of a network's name: "4-conv" gives "conv4" (conv4.weights, conv4_history.csv).</summary>
    public static string FileName(string name) => "conv" + name[0];

    /// <summary>
    /// The tutorial's learning rate, 0.1, for CIFAR-10. On Fashion-MNIST 0.1 leaves both networks at chance (measured:
    /// 9-11% test accuracy after 2 epochs, the ReLUs die in the first batches), so the adapted tutorial uses 0.01.
    /// </summary>
    public static double LearningRate(string dataset) => dataset == "cifar10" ? 0.1 : 0.01;

    /// <summary>The named network (<see cref="FourConv"/> or <see cref="SixConv"/>), built and compiled.</summary>
    public static Sequential BaseModel(string name, Shape input_shape, int num_classes, double lr = 0.1)
    {
        var model = name switch
        {
            FourConv => FourConvLayers(input_shape, num_classes),
            SixConv => SixConvLayers(input_shape, num_classes),
            _ => throw new ArgumentException($"Unknown network '{name}'; the tutorial has '{FourConv}' and '{SixConv}'."),
        };
        Compile(model, lr);
        return model;
    }

    /// <summary>Two blocks of two convolutions, each block max-pooled with dropout 0.25, then Dense(512) and dropout 0.5.</summary>
    public static Sequential FourConvLayers(Shape input_shape, int num_classes)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), padding: "same", input_shape: input_shape));
        model.Add(new Activation("relu"));
        model.Add(new Conv2D(32, (3, 3)));
        model.Add(new Activation("relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.25));

        model.Add(new Conv2D(64, (3, 3), padding: "same"));
        model.Add(new Activation("relu"));
        model.Add(new Conv2D(64, (3, 3)));
        model.Add(new Activation("relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.25));

        model.Add(new Flatten());
        model.Add(new Dense(512));
        model.Add(new Activation("relu"));
        model.Add(new Dropout(0.5));
        model.Add(new Dense(num_classes));
        model.Add(new Activation("softmax"));
        return model;
    }

    /// <summary>Three blocks of two 'same' convolutions (32, 64, 128 filters) with dropout 0.2, then Dense(1024) held to MaxNorm(3).</summary>
    public static Sequential SixConvLayers(Shape input_shape, int num_classes)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), padding: "same", activation: "relu", input_shape: input_shape));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(32, (3, 3), padding: "same", activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Conv2D(64, (3, 3), padding: "same", activation: "relu"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(64, (3, 3), padding: "same", activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Conv2D(128, (3, 3), padding: "same", activation: "relu"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(128, (3, 3), padding: "same", activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));

        model.Add(new Flatten());
        model.Add(new Dropout(0.2));
        model.Add(new Dense(1024, activation: "relu", kernel_constraint: new MaxNorm(3)));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(num_classes, activation: "softmax"));
        return model;
    }

    /// <summary>The compile call both networks share: SGD(lr, decay=1e-6, momentum=0.9, nesterov=True), categorical crossentropy, accuracy.</summary>
    public static void Compile(Keras.Models.BaseModel model, double lr = 0.1)
    {
        var sgd = new SGD(lr: lr, decay: 1e-6, momentum: 0.9, nesterov: true);
        model.Compile(loss: "categorical_crossentropy", optimizer: sgd, metrics: new[] { "accuracy" });
    }
}
