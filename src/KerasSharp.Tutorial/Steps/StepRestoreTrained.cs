namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// With --from-step 6, 7 or 8, in place of steps 4 and 5: the networks that an earlier run trained and saved in
/// --output (their Keras model files and Histories), checked against this run's data.
/// </summary>
internal sealed class StepRestoreTrained : TutorialStep
{
    public override (int First, int Last) Numbers => (4, 5);

    public override string Title(TutorialOptions options) => $"Steps 4-5: the trained networks in {options.Output}";

    public override void Run(TutorialContext ctx)
    {
        foreach (string name in TutorialNetworks.Names.Where(ctx.Options.RunsModel))
        {
            var (cnn_n, cnn) = SavedNetwork.Load(ctx, name);
            ctx.RequireInputOfData(cnn_n, $"The saved {name} network");
            ctx.Networks[name] = cnn_n;
            ctx.Histories[name] = cnn;
        }
    }
}
