using Keras.Models;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// With --load-model, in place of steps 4 and 5: the network comes from a Keras model file (as <c>load_model</c> in
/// Python), trained elsewhere, and steps 6 to 8 look at it. A model saved without its compile settings is compiled as
/// the tutorial compiles its networks, which evaluation needs.
/// </summary>
internal sealed class StepLoadModel : TutorialStep
{
    public override (int First, int Last) Numbers => (4, 5);

    public override string Title(TutorialOptions options) => $"Steps 4-5: the network in {options.LoadModel}";

    public override void Run(TutorialContext ctx)
    {
        var cnn_n = BaseModel.LoadModel(ctx.Options.LoadModel!);
        ctx.RequireInputOfData(cnn_n, ctx.Options.LoadModel!);
        if (cnn_n.Loss is null)
        {
            TutorialNetworks.Compile(cnn_n, ctx.Options.EffectiveLearningRate);
        }
        else if (cnn_n.Loss.Name != "categorical_crossentropy" || !cnn_n.MetricsNames.SequenceEqual(new[] { "loss", "acc" }))
        {
            // The tutorial's labels are one-hot and its step 7 reads the accuracy: a file compiled otherwise (integer
            // labels, other metrics) is evaluated as the tutorial's own networks are, with its optimizer kept.
            Console.WriteLine($"{ctx.Options.LoadModel} was compiled with {cnn_n.Loss.Name} and metrics [{string.Join(", ", cnn_n.MetricsNames.Skip(1))}]; " +
                              "the tutorial evaluates it with categorical_crossentropy and accuracy on its one-hot labels.");
            cnn_n.Compile(cnn_n.Optimizer!, "categorical_crossentropy", new[] { "accuracy" });
        }
        cnn_n.Summary();
        ctx.Networks[Path.GetFileNameWithoutExtension(ctx.Options.LoadModel!)] = cnn_n;
    }
}
