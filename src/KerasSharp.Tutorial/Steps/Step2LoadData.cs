using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 2: load the data, print their shapes, and show one random image of each class.</summary>
internal sealed class Step2LoadData : TutorialStep
{
    public override (int First, int Last) Numbers => (2, 2);

    public override string Title(TutorialOptions options) =>
        $"Step 2: load {(options.Dataset == "cifar10" ? "CIFAR-10" : "Fashion-MNIST")} and show one image of each class";

    public override void Run(TutorialContext ctx)
    {
        var ((x_train, y_train), (x_test, y_test)) = TutorialData.LoadData(ctx.Options);
        Console.WriteLine($"x_train shape: {x_train.shape}");
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");
        ctx.Data = (x_train, y_train, x_test, y_test);

        // Here are the classes in the dataset, as well as one random image from each
        SampleGridPlot.Save(x_train, y_train, ctx.ClassNames, ctx.OutputPath("samples.png"));
        ctx.Figure("samples.png", "One random training image of each class");
    }
}
