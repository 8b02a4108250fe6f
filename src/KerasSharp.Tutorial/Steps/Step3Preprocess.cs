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
        ctx.YTrain = Replace(ctx.YTrain!, Util.ToCategorical(ctx.YTrain!, ctx.NumClasses));
        ctx.YTest = Replace(ctx.YTest!, Util.ToCategorical(ctx.YTest!, ctx.NumClasses));
        // div_ divides in place, as Python's /= does on a NumPy array: CIFAR's 600 MB of floats exist once.
        ctx.XTrain = Replace(ctx.XTrain!, Np.AsType(ctx.XTrain!, "float32")).div_(255);
        ctx.XTest = Replace(ctx.XTest!, Np.AsType(ctx.XTest!, "float32")).div_(255);
        ctx.Out.WriteLine($"y_train shape: ({string.Join(", ", ctx.YTrain.shape)}), x_train dtype: float32, range [0, 1]");
    }

    /// <summary>Frees the uint8 original now rather than when the garbage collector gets to it.</summary>
    private static TorchSharp.torch.Tensor Replace(TorchSharp.torch.Tensor old, TorchSharp.torch.Tensor replacement)
    {
        old.Dispose();
        return replacement;
    }
}
