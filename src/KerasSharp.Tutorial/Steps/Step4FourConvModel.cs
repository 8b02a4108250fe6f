namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 4: the 4-conv network (4layerCNN.py's base_model), then its summary.</summary>
internal sealed class Step4FourConvModel : TutorialStep
{
    public override (int First, int Last) Numbers => (4, 4);

    public override string Title(TutorialOptions options) => "Step 4: the 4-conv network";

    public override void Run(TutorialContext ctx)
    {
        if (!ctx.Options.RunsModel(TutorialNetworks.FourConv))
        {
            Console.WriteLine($"--model {ctx.Options.Model}: the 4-conv network is left out.");
            return;
        }
        var (x_train, _, _, _) = ctx.Data;
        var cnn_n = TutorialNetworks.BaseModel(TutorialNetworks.FourConv, x_train.shape[1..], ctx.NumClasses, ctx.Options.EffectiveLearningRate);
        cnn_n.Summary();
        ctx.Networks[TutorialNetworks.FourConv] = cnn_n;
    }
}
