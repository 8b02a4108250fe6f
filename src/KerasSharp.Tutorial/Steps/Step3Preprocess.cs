using Keras.Utils;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 3: pre-processing. Python: <c>y_train = keras.utils.to_categorical(y_train, num_classes)</c>,
/// <c>x_train = x_train.astype('float32')</c>, <c>x_train /= 255</c>, and the same for the test set.
/// </summary>
internal static class Step3Preprocess
{
    public static void Run(TutorialContext ctx)
    {
        ctx.YTrain = Util.ToCategorical(ctx.YTrain!, ctx.NumClasses);
        ctx.YTest = Util.ToCategorical(ctx.YTest!, ctx.NumClasses);
        ctx.XTrain = Np.AsType(ctx.XTrain!, "float32") / 255;
        ctx.XTest = Np.AsType(ctx.XTest!, "float32") / 255;
        ctx.Out.WriteLine($"y_train shape: ({string.Join(", ", ctx.YTrain.shape)}), x_train dtype: float32, range [0, 1]");
    }
}
