using System.Globalization;
using Keras.Callbacks;
using Keras.Utils;
using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 8: predictions, the confusion matrix (printed with its row sums), the classification
/// report and the heatmap for each network; then the two networks compared: validation accuracy per
/// epoch, time per epoch, and a short table.
/// </summary>
internal static class Step8Analysis
{
    public static void Run(TutorialContext ctx, IReadOnlyDictionary<string, double> testAccuracy)
    {
        var Y_test = Np.ArgMax(ctx.YTest!, axis: 1);
        // Every class gets a row and a column, even one that a small subset lacks.
        var labels = Enumerable.Range(0, ctx.NumClasses).Select(i => (long)i).ToList();
        foreach (var (name, (model, _)) in ctx.Models)
        {
            var y_pred = model.PredictClasses(ctx.XTest!);
            var cm = ClassificationMetrics.ConfusionMatrix(Y_test, y_pred, labels);
            ctx.Out.WriteLine($"{name} confusion matrix (rows: true class, columns: predicted):");
            ctx.Out.WriteLine(ClassificationMetrics.ToNumpyString(cm));
            ctx.Out.WriteLine($"row sums: [{string.Join(" ", ClassificationMetrics.RowSums(cm))}]");
            ctx.Out.WriteLine();
            ctx.Out.WriteLine(ClassificationMetrics.ClassificationReport(Y_test, y_pred, labels: labels, target_names: ctx.ClassNames));
            string file = $"{Step5Train.Slug(name)}_confusion.png";
            ConfusionMatrixPlot.Save(cm, ctx.ClassNames, ctx.OutputPath(file), title: $"{name}: confusion matrix");
            ctx.Figure(file, $"{name}: confusion matrix on the test set");
        }
        if (ctx.Models.Count < 2) return;

        var histories = ctx.Models.ToDictionary(kv => kv.Key, kv => kv.Value.History);
        ComparisonPlot.SaveMetric(histories, ctx.OutputPath("comparison_accuracy.png"));
        ctx.Figure("comparison_accuracy.png", "Validation accuracy per epoch of both networks");
        ComparisonPlot.SaveEpochTimes(histories, ctx.OutputPath("comparison_time.png"));
        ctx.Figure("comparison_time.png", "Mean time per epoch of both networks");

        string[] headers = { "network", "best val_acc", "at epoch", "test accuracy", "mean epoch (s)", "parameters" };
        var rows = ctx.Models.Select(kv => Row(kv.Key, kv.Value.History, testAccuracy[kv.Key], kv.Value.Model.CountParams())).ToList();
        // The report shows the table as HTML; the console gets it as text.
        ctx.Flush();
        ctx.Out.WriteConsoleLine(string.Join("  ", headers.Select((h, i) => i == 0 ? h.PadRight(8) : h.PadLeft(h.Length))));
        foreach (var row in rows)
            ctx.Out.WriteConsoleLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(8) : cell.PadLeft(headers[i].Length))));
        ctx.Report.Table(headers, rows);
    }

    private static IReadOnlyList<string> Row(string name, History history, double testAccuracy, long parameters)
    {
        var validation = history.history["val_acc"];
        int best = Enumerable.Range(0, validation.Count).MaxBy(i => validation[i]);
        return new[]
        {
            name, PyFormat.Fixed(validation[best], 4), (history.epoch[best] + 1).ToString(CultureInfo.InvariantCulture), PyFormat.Fixed(testAccuracy, 4),
            PyFormat.Fixed(history.EpochTimes.Average(), 1), parameters.ToString("N0", CultureInfo.InvariantCulture),
        };
    }
}
