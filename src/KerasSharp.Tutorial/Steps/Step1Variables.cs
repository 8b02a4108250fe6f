using Keras.Datasets;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 1: imports and variables. Python: <c>batch_size = 32</c>, <c>num_classes = 10</c>,
/// <c>epochs = 100</c>; the usings at the top of each C# file play the part of the imports.
/// </summary>
internal static class Step1Variables
{
    public static void Run(TutorialContext ctx)
    {
        ctx.BatchSize = ctx.Options.BatchSize;
        ctx.NumClasses = 10;
        ctx.Epochs = ctx.Options.Epochs;
        // The original uses class_names without defining it; these are the datasets' own names.
        ctx.ClassNames = ctx.Options.Dataset == "cifar10" ? Cifar10.ClassNames : FashionMnist.ClassNames;
        ctx.Out.WriteLine($"batch_size = {ctx.BatchSize}");
        ctx.Out.WriteLine($"num_classes = {ctx.NumClasses}");
        ctx.Out.WriteLine($"epochs = {ctx.Epochs}");
        ctx.Out.WriteLine($"class_names = [{string.Join(", ", ctx.ClassNames.Select(n => $"'{n}'"))}]");
    }
}
