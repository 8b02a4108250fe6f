using Keras;
using Keras.Constraints;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace KerasSharp.Tests;

/// <summary>The tutorial's two networks, written as the tutorial writes them.</summary>
internal static class TutorialModels
{
    public static Sequential FourConv(int numClasses = 10, Shape? inputShape = null)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), padding: "same", input_shape: inputShape ?? (32, 32, 3)));
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
        model.Add(new Dense(numClasses));
        model.Add(new Activation("softmax"));
        return model;
    }

    public static Sequential SixConv(int numClasses = 10, Shape? inputShape = null)
    {
        var model = new Sequential();
        model.Add(new Conv2D(32, (3, 3), input_shape: inputShape ?? (32, 32, 3), activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(32, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Conv2D(64, (3, 3), activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(64, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Conv2D(128, (3, 3), activation: "relu", padding: "same"));
        model.Add(new Dropout(0.2));
        model.Add(new Conv2D(128, (3, 3), activation: "relu", padding: "same"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Flatten());
        model.Add(new Dropout(0.2));
        model.Add(new Dense(1024, activation: "relu", kernel_constraint: new MaxNorm(3)));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(numClasses, activation: "softmax"));
        return model;
    }

    /// <summary>The tutorial's optimizer: SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True).</summary>
    public static SGD TutorialSgd() => new(lr: 0.1, decay: 1e-6, momentum: 0.9, nesterov: true);
}
