using System.Globalization;
using Keras.Utils;
using Numpy;
using KerasSharp.Extensions;

namespace KerasSharp.Tutorial.Steps;

/// <summary>
/// Tutorial step 8: each network's predictions on the test set, its confusion matrix (printed with the row sums),
/// the classification report and the heatmap; then the two networks compared.
/// </summary>
internal sealed class Step8Analysis : TutorialStep
{
    public override (int First, int Last) Numbers => (8, 8);

    public override string Title(TutorialOptions options) => "Step 8: predictions, confusion matrix, report and comparison";

    public override void Run(TutorialContext ctx)
    {
        var (_, _, x_test, y_test) = ctx.Data;
        // Every class gets a row and a column, even one that a small subset lacks.
        var labels = Enumerable.Range(0, ctx.NumClasses).Select(i => (long)i).ToList();
        foreach (var (name, cnn_n) in ctx.Networks)
        {
            // Confusion matrix result
            using var Y_pred = cnn_n.Predict(x_test, verbose: 2);
            using var y_pred = np.argmax(Y_pred, axis: 1);
            using var y_true = np.argmax(y_test, axis: 1);
            var cm = ClassificationMetrics.ConfusionMatrix(y_true, y_pred, labels);
            Console.WriteLine($"{name} confusion matrix (rows: true class, columns: predicted):");
            Console.WriteLine(ClassificationMetrics.ToNumpyString(cm));
            Console.WriteLine($"row sums: [{string.Join(" ", ClassificationMetrics.RowSums(cm))}]");
            Console.WriteLine();
            Console.WriteLine(ClassificationMetrics.ClassificationReport(y_true, y_pred, labels: labels, target_names: ctx.ClassNames));

            // Visualizing of confusion matrix
            string file = $"{TutorialNetworks.FileName(name)}_confusion.png";
            ConfusionMatrixPlot.Save(cm, ctx.ClassNames, ctx.OutputPath(file), title: $"{name}: confusion matrix");
            ctx.Figure(file, $"{name}: confusion matrix on the test set");
        }
        if (ctx.Histories.Count == 2) Compare(ctx);
    }

    /// <summary>Validation accuracy per epoch and time per epoch of both networks, and a table (the port's addition).</summary>
    private static void Compare(TutorialContext ctx)
    {
        ComparisonPlot.SaveMetric(ctx.Histories, ctx.OutputPath("comparison_accuracy.png"));
        ctx.Figure("comparison_accuracy.png", "Validation accuracy per epoch of both networks");
        ComparisonPlot.SaveEpochTimes(ctx.Histories, ctx.OutputPath("comparison_time.png"));
        ctx.Figure("comparison_time.png", "Mean time per epoch of both networks");

        string[] headers = { "network", "best val_acc", "at epoch", "test accuracy", "mean epoch (s)", "parameters" };
        var rows = ctx.Networks.Keys.Select(name => Row(ctx, name)).ToList();
        // The report shows the table as HTML; the console gets it as text.
        ctx.Flush();
        ctx.Out.WriteConsoleLine(string.Join("  ", headers.Select((h, i) => i == 0 ? h.PadRight(8) : h.PadLeft(h.Length))));
        foreach (var row in rows)
            ctx.Out.WriteConsoleLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(8) : cell.PadLeft(headers[i].Length))));
        ctx.Report.Table(headers, rows);
    }

    private static IReadOnlyList<string> Row(TutorialContext ctx, string name)
    {
        var history = ctx.Histories[name];
        var validation = history.history["val_acc"];
        int best = Enumerable.Range(0, validation.Count).MaxBy(i => validation[i]);
        return new[]
        {
            name, PyFormat.Fixed(validation[best], 4), (history.epoch[best] + 1).ToString(CultureInfo.InvariantCulture),
            PyFormat.Fixed(ctx.Scores[name][1], 4), PyFormat.Fixed(history.EpochTimes.Average(), 1),
            ctx.Networks[name].CountParams().ToString("N0", CultureInfo.InvariantCulture),
        };
    }
}
