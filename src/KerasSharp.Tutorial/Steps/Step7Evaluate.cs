using Keras.Utils;
using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 7: plots of the training (loss and accuracy), then the accuracy on the test set.</summary>
internal sealed class Step7Evaluate : TutorialStep
{
    public override (int First, int Last) Numbers => (7, 7);

    public override string Title(TutorialOptions options) => "Step 7: training curves and test accuracy";

    public override void Run(TutorialContext ctx)
    {
        var (_, _, x_test, y_test) = ctx.Data;
        foreach (var (name, cnn_n) in ctx.Networks)
        {
            string file = TutorialNetworks.FileName(name);
            // Plots for training and testing process: loss and accuracy (a loaded model has no History here)
            if (ctx.Histories.TryGetValue(name, out var cnn))
            {
                HistoryPlot.Save(cnn, "acc", ctx.OutputPath($"{file}_accuracy.png"));
                ctx.Figure($"{file}_accuracy.png", $"{name}: training and validation accuracy");
                HistoryPlot.Save(cnn, "loss", ctx.OutputPath($"{file}_loss.png"));
                ctx.Figure($"{file}_loss.png", $"{name}: training and validation loss");
            }

            var scores = cnn_n.Evaluate(x_test, y_test, verbose: 0);
            Console.WriteLine($"{name} Accuracy: {PyFormat.Fixed(scores[1] * 100, 2)}%");
            ctx.Scores[name] = scores;
        }
    }
}
