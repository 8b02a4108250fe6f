using KerasSharp.Extensions;
using Keras.Utils;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 7: accuracy and loss curves (train vs validation) for each network, then
/// <c>scores = model.evaluate(x_test, y_test, verbose=0)</c> and <c>print("Accuracy: %.2f%%" % (scores[1]*100))</c>.
/// </summary>
internal static class Step7Evaluate
{
    /// <summary>Test accuracy per network, for the comparison in step 8.</summary>
    public static Dictionary<string, double> Run(TutorialContext ctx)
    {
        var accuracies = new Dictionary<string, double>();
        foreach (var (name, (model, history)) in ctx.Models)
        {
            string slug = Step5Train.Slug(name);
            HistoryPlot.Save(history, "acc", ctx.OutputPath($"{slug}_accuracy.png"));
            ctx.Figure($"{slug}_accuracy.png", $"{name}: training and validation accuracy");
            HistoryPlot.Save(history, "loss", ctx.OutputPath($"{slug}_loss.png"));
            ctx.Figure($"{slug}_loss.png", $"{name}: training and validation loss");
            var scores = model.Evaluate(ctx.XTest!, ctx.YTest!, verbose: 0);
            accuracies[name] = scores[1];
            ctx.Out.WriteLine($"{name} Accuracy: {PyFormat.Fixed(scores[1] * 100, 2)}%");
        }
        return accuracies;
    }
}
