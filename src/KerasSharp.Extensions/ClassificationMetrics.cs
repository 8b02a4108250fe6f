using System.Text;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Extensions;

/// <summary>
/// scikit-learn's <c>confusion_matrix</c> and <c>classification_report</c> (as in scikit-learn 1.2) for
/// integer class labels: the same matrix, and the report's text character for character.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Rows are true labels, columns predicted labels, in the order of <paramref name="labels"/> (default: the sorted labels seen).</summary>
    /// <param name="y_true">The true class of each sample.</param>
    /// <param name="y_pred">The predicted class of each sample.</param>
    /// <param name="labels">The classes to list, in order; by default every class seen, sorted.</param>
    /// <returns>The counts, rows true and columns predicted.</returns>
    public static long[,] ConfusionMatrix(long[] y_true, long[] y_pred, IReadOnlyList<long>? labels = null)
    {
        CheckPair(y_true, y_pred);
        var order = labels ?? y_true.Concat(y_pred).Distinct().Order().ToList();
        if (order.Count == 0) throw new ArgumentException("labels must not be empty.");
        if (order.Distinct().Count() != order.Count) throw new ArgumentException("labels must not repeat.");
        if (labels is not null && !y_true.Any(order.Contains))
            throw new ArgumentException("At least one label specified must be in y_true.");
        var index = order.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var matrix = new long[order.Count, order.Count];
        for (int k = 0; k < y_true.Length; k++)
            if (index.TryGetValue(y_true[k], out int t) && index.TryGetValue(y_pred[k], out int p))
                matrix[t, p]++;
        return matrix;
    }

    /// <inheritdoc cref="ConfusionMatrix(long[], long[], IReadOnlyList{long}?)"/>
    public static long[,] ConfusionMatrix(Tensor y_true, Tensor y_pred, IReadOnlyList<long>? labels = null) =>
        ConfusionMatrix(Labels(y_true, nameof(y_true)), Labels(y_pred, nameof(y_pred)), labels);

    /// <inheritdoc cref="ConfusionMatrix(long[], long[], IReadOnlyList{long}?)"/>
    public static long[,] confusion_matrix(Tensor y_true, Tensor y_pred, IReadOnlyList<long>? labels = null) => ConfusionMatrix(y_true, y_pred, labels);

    /// <summary>The number of samples of each true class: the matrix's row sums (<c>cm.sum(axis=1)</c>).</summary>
    /// <param name="matrix">A confusion matrix.</param>
    /// <returns>One sum per row.</returns>
    public static long[] RowSums(long[,] matrix) =>
        Enumerable.Range(0, matrix.GetLength(0)).Select(r => Enumerable.Range(0, matrix.GetLength(1)).Sum(c => matrix[r, c])).ToArray();

    /// <summary>The matrix as NumPy prints an integer array: <c>[[5 0]\n [1 3]]</c>, columns right-aligned.</summary>
    /// <param name="matrix">The matrix to print.</param>
    /// <returns>The text, without a trailing newline.</returns>
    public static string ToNumpyString(long[,] matrix)
    {
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        int width = matrix.Cast<long>().Select(v => v.ToString().Length).DefaultIfEmpty(1).Max();
        var text = new StringBuilder("[");
        for (int r = 0; r < rows; r++)
        {
            if (r > 0) text.Append("\n ");
            text.Append('[').Append(string.Join(" ", Enumerable.Range(0, cols).Select(c => matrix[r, c].ToString().PadLeft(width)))).Append(']');
        }
        return text.Append(']').ToString();
    }

    /// <summary>
    /// scikit-learn's text report: per-class precision, recall, f1-score and support, then accuracy,
    /// macro and weighted averages. Precision or recall of a class with nothing to divide by is 0,
    /// as scikit-learn's default <c>zero_division="warn"</c> reports it.
    /// </summary>
    /// <param name="y_true">The true class of each sample.</param>
    /// <param name="y_pred">The predicted class of each sample.</param>
    /// <param name="labels">The classes to report, in order; by default every class seen, sorted.</param>
    /// <param name="target_names">A display name per class in <paramref name="labels"/>; the label numbers by default.</param>
    /// <param name="digits">Digits after the decimal point.</param>
    /// <returns>The report's text.</returns>
    public static string ClassificationReport(long[] y_true, long[] y_pred, IReadOnlyList<long>? labels = null,
        IReadOnlyList<string>? target_names = null, int digits = 2)
    {
        CheckPair(y_true, y_pred);
        if (digits < 0) throw new ArgumentException($"digits must not be negative; got {digits}.");
        var seen = y_true.Concat(y_pred).Distinct().Order().ToList();
        var order = labels ?? seen;
        var names = target_names ?? order.Select(l => l.ToString()).ToList();
        if (names.Count != order.Count)
            throw new ArgumentException(
                $"Number of classes, {order.Count}, does not match size of target_names, {names.Count}. Try specifying the labels parameter.");
        // Counts per label over all samples, so a label subset still sees predictions of other labels.
        int n = order.Count;
        var tp = new double[n]; var predicted = new double[n]; var support = new double[n];
        var index = order.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        for (int k = 0; k < y_true.Length; k++)
        {
            bool isTrue = index.TryGetValue(y_true[k], out int t), isPredicted = index.TryGetValue(y_pred[k], out int p);
            if (isTrue) support[t]++;
            if (isPredicted) predicted[p]++;
            if (isTrue && isPredicted && t == p) tp[t]++;
        }
        var precision = tp.Select((t, i) => Divide(t, predicted[i])).ToArray();
        var recall = tp.Select((t, i) => Divide(t, support[i])).ToArray();
        var f1 = precision.Select((p, i) => F1(p, recall[i])).ToArray();

        string[] headers = { "precision", "recall", "f1-score", "support" };
        int width = Math.Max(Math.Max(names.Max(s => s.Length), "weighted avg".Length), digits);
        var report = new StringBuilder();
        report.Append(new string(' ', width)).Append(' ');
        foreach (string h in headers) report.Append(' ').Append(h.PadLeft(9));
        report.Append("\n\n");
        for (int i = 0; i < n; i++) Row(report, names[i], precision[i], recall[i], f1[i], (long)support[i], width, digits);
        report.Append('\n');

        long totalSupport = (long)support.Sum();
        bool microIsAccuracy = labels is null || new HashSet<long>(labels).SetEquals(seen);
        double microTp = NumpySum(tp), microPred = NumpySum(predicted), microTrue = NumpySum(support);
        double microP = Divide(microTp, microPred), microR = Divide(microTp, microTrue);
        if (microIsAccuracy)
        {
            report.Append("accuracy".PadLeft(width)).Append(' ').Append(' ', 10 * 2).Append(' ')
                .Append(PyFormat.Fixed(F1(microP, microR), digits).PadLeft(9)).Append(' ').Append(totalSupport.ToString().PadLeft(9)).Append('\n');
        }
        else
        {
            Row(report, "micro avg", microP, microR, F1(microP, microR), totalSupport, width, digits);
        }
        Row(report, "macro avg", NumpySum(precision) / n, NumpySum(recall) / n, NumpySum(f1) / n, totalSupport, width, digits);
        double weight = NumpySum(support);
        Row(report, "weighted avg", Weighted(precision, support, weight), Weighted(recall, support, weight), Weighted(f1, support, weight), totalSupport, width, digits);
        return report.ToString();
    }

    /// <inheritdoc cref="ClassificationReport(long[], long[], IReadOnlyList{long}?, IReadOnlyList{string}?, int)"/>
    public static string ClassificationReport(Tensor y_true, Tensor y_pred, IReadOnlyList<long>? labels = null, IReadOnlyList<string>? target_names = null, int digits = 2) =>
        ClassificationReport(Labels(y_true, nameof(y_true)), Labels(y_pred, nameof(y_pred)), labels, target_names, digits);

    /// <inheritdoc cref="ClassificationReport(long[], long[], IReadOnlyList{long}?, IReadOnlyList{string}?, int)"/>
    public static string classification_report(Tensor y_true, Tensor y_pred, IReadOnlyList<long>? labels = null, IReadOnlyList<string>? target_names = null, int digits = 2) =>
        ClassificationReport(y_true, y_pred, labels, target_names, digits);

    private static void Row(StringBuilder report, string name, double p, double r, double f, long support, int width, int digits)
    {
        report.Append(name.PadLeft(width)).Append(' ');
        foreach (double v in new[] { p, r, f }) report.Append(' ').Append(PyFormat.Fixed(v, digits).PadLeft(9));
        report.Append(' ').Append(support.ToString().PadLeft(9)).Append('\n');
    }

    private static double Divide(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    // scikit-learn 1.2: (1 + beta^2) p r / (beta^2 p + r), with a zero denominator read as 1.
    private static double F1(double p, double r)
    {
        double denominator = p + r;
        return 2.0 * p * r / (denominator == 0 ? 1 : denominator);
    }

    private static double Weighted(double[] values, double[] weights, double total) =>
        total == 0 ? 0 : NumpySum(values.Select((v, i) => v * weights[i]).ToArray()) / total;

    /// <summary>NumPy's pairwise summation, so averages round exactly as scikit-learn's do.</summary>
    internal static double NumpySum(double[] a) => Pairwise(a, 0, a.Length);

    private static double Pairwise(double[] a, int start, int n)
    {
        if (n < 8)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += a[start + i];
            return s;
        }
        if (n <= 128)
        {
            var r = new double[8];
            for (int j = 0; j < 8; j++) r[j] = a[start + j];
            int i = 8;
            for (; i < n - n % 8; i += 8)
                for (int j = 0; j < 8; j++) r[j] += a[start + i + j];
            double res = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7]));
            for (; i < n; i++) res += a[start + i];
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return Pairwise(a, start, half) + Pairwise(a, start + half, n - half);
    }

    private static long[] Labels(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.is_floating_point()) throw new ArgumentException($"{name} must hold integer class labels; got {t.dtype}. Use argmax to turn probabilities into labels.");
        if (t.dim() > 2 || (t.dim() == 2 && t.shape[1] != 1))
            throw new ArgumentException($"{name} must be a vector of class labels; got shape ({string.Join(", ", t.shape)}). One-hot labels need argmax(axis: 1) first.");
        return t.reshape(-1).to(ScalarType.Int64).cpu().data<long>().ToArray();
    }

    private static void CheckPair(long[] yTrue, long[] yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Length != yPred.Length)
            throw new ArgumentException($"Found input variables with inconsistent numbers of samples: [{yTrue.Length}, {yPred.Length}].");
        if (yTrue.Length == 0) throw new ArgumentException("y_true and y_pred are empty; there is nothing to score.");
    }
}
