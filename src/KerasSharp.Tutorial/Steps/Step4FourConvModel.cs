using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 4: the 4-conv network, compiled with SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True),
/// categorical crossentropy and accuracy; then <c>model.summary()</c>.
/// </summary>
public static class Step4FourConvModel
{
    public const string Name = "4-conv";

    internal static void Run(TutorialContext ctx)
    {
        var model = Build(ctx.XTrain!.shape.Skip(1).Select(d => (int)d).ToArray(), ctx.NumClasses);
        Compile(model, ctx.Options.EffectiveLearningRate);
        model.Summary(print_fn: ctx.Out.WriteLine);
        ctx.Models[Name] = (model, null!);
    }

    public static Sequential Build(Shape input_shape, int num_classes)
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

    /// <summary>The tutorial's compile call, shared by both networks.</summary>
    public static void Compile(Sequential model, double lr = 0.1)
    {
        var sgd = new SGD(lr: lr, decay: 1e-6, momentum: 0.9, nesterov: true);
        model.Compile(optimizer: sgd, loss: "categorical_crossentropy", metrics: new[] { "accuracy" });
    }
}
