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
        if (cnn_n.Loss is null) TutorialNetworks.Compile(cnn_n, ctx.Options.EffectiveLearningRate);
        cnn_n.Summary();
        ctx.Networks[Path.GetFileNameWithoutExtension(ctx.Options.LoadModel!)] = cnn_n;
    }
}
