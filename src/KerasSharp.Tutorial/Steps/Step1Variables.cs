namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 1: the variables. The usings at the top of each C# file play the part of the imports.</summary>
internal sealed class Step1Variables : TutorialStep
{
    public override (int First, int Last) Numbers => (1, 1);

    public override string Title(TutorialOptions options) => "Step 1: imports and variables";

    public override void Run(TutorialContext ctx)
    {
        int batch_size = ctx.Options.BatchSize; // 32 examples in a mini-batch
        int num_classes = 10;
        int epochs = ctx.Options.Epochs;
        // The original uses class_names for its figure; these are the datasets' own names.
        var class_names = TutorialData.ClassNames(ctx.Options.Dataset);

        Console.WriteLine($"batch_size = {batch_size}");
        Console.WriteLine($"num_classes = {num_classes}");
        Console.WriteLine($"epochs = {epochs}");
        Console.WriteLine($"class_names = [{string.Join(", ", class_names.Select(n => $"'{n}'"))}]");
        (ctx.BatchSize, ctx.NumClasses, ctx.Epochs, ctx.ClassNames) = (batch_size, num_classes, epochs, class_names);
    }
}
