using Keras.Utils;
using Numpy;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 3: labels to one-hot vectors, pixels to float32 in [0, 1].</summary>
internal sealed class Step3Preprocess : TutorialStep
{
    public override (int First, int Last) Numbers => (3, 3);

    public override string Title(TutorialOptions options) => "Step 3: pre-processing";

    public override void Run(TutorialContext ctx)
    {
        var (x_train, y_train, x_test, y_test) = ctx.Data;
        int num_classes = ctx.NumClasses;

        y_train = Util.ToCategorical(y_train, num_classes);
        y_test = Util.ToCategorical(y_test, num_classes);
        x_train = x_train.astype(np.float32);
        x_test = x_test.astype(np.float32);
        x_train /= 255; // in place, as on a NumPy array: CIFAR's 600 MB of floats exist once
        x_test /= 255;

        Console.WriteLine($"y_train shape: {y_train.shape}, x_train dtype: {x_train.dtype}, range [0, 1]");
        ctx.Data = (x_train, y_train, x_test, y_test); // frees the uint8 originals now
    }
}
