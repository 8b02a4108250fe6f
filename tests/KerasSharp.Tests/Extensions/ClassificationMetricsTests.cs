using KerasSharp.Extensions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Extensions;

public class ClassificationMetricsTests
{
    [Fact]
    public void The_report_matches_scikit_learns_documented_example()
    {
        // keras-reference.md: scikit-learn's classification_report for these labels, digits=2.
        const string expected = """
              precision    recall  f1-score   support

           0       0.50      1.00      0.67         1
           1       0.00      0.00      0.00         1
           2       1.00      0.67      0.80         3

    accuracy                           0.60         5
   macro avg       0.50      0.56      0.49         5
weighted avg       0.70      0.60      0.61         5

""";
        long[] yTrue = { 0, 1, 2, 2, 2 }, yPred = { 0, 0, 2, 2, 1 };
        Assert.Equal(expected, ClassificationMetrics.ClassificationReport(yTrue, yPred));
        var cm = ClassificationMetrics.ConfusionMatrix(tensor(yTrue), tensor(yPred));
        Assert.Equal(new long[,] { { 1, 0, 0 }, { 1, 0, 0 }, { 0, 1, 2 } }, cm);
        Assert.Equal(new long[] { 1, 1, 3 }, ClassificationMetrics.RowSums(cm));
        Assert.Equal("[[1 0 0]\n [1 0 0]\n [0 1 2]]", ClassificationMetrics.ToNumpyString(cm));
    }

    public static IEnumerable<object[]> LabelSets()
    {
        var random = new Random(20261129);
        for (int set = 0; set < 6; set++)
        {
            int classes = 3 + set, n = 20 + 37 * set;
            var yTrue = Enumerable.Range(0, n).Select(_ => (long)random.Next(classes)).ToArray();
            // Mostly right, sometimes wrong; class 1 is never predicted and class `classes` is never true.
            var yPred = yTrue.Select(t => random.NextDouble() < 0.6 ? t : random.Next(classes + 1)).Select(p => p == 1 ? 0L : p).ToArray();
            yield return new object[] { yTrue, yPred, set % 3 + 2 };
        }
    }

    [SkippableTheory]
    [MemberData(nameof(LabelSets))]
    public void Matrix_and_report_equal_scikit_learns(long[] yTrue, long[] yPred, int digits)
    {
        SklearnBridge.Require();
        Assert.Equal(SklearnBridge.ConfusionMatrix(yTrue, yPred), ClassificationMetrics.ConfusionMatrix(yTrue, yPred));
        Assert.Equal(SklearnBridge.ClassificationReport(yTrue, yPred, digits: digits), ClassificationMetrics.ClassificationReport(yTrue, yPred, digits: digits));
    }

    [SkippableFact]
    public void Reports_with_names_and_a_label_subset_equal_scikit_learns()
    {
        SklearnBridge.Require();
        long[] yTrue = { 0, 1, 2, 2, 1, 0, 3, 3, 2, 1 }, yPred = { 0, 2, 2, 2, 1, 0, 3, 1, 2, 0 };
        string[] names = { "airplane", "automobile", "bird", "a-very-long-class-name" };
        Assert.Equal(SklearnBridge.ClassificationReport(yTrue, yPred, targetNames: names),
            ClassificationMetrics.ClassificationReport(yTrue, yPred, target_names: names));
        long[] subset = { 0, 2 };
        Assert.Equal(SklearnBridge.ClassificationReport(yTrue, yPred, labels: subset),
            ClassificationMetrics.ClassificationReport(yTrue, yPred, labels: subset));
    }

    [Fact]
    public void Bad_inputs_are_explained()
    {
        Assert.Contains("inconsistent numbers of samples: [3, 2]",
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.ConfusionMatrix(new long[] { 0, 1, 1 }, new long[] { 0, 1 })).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ClassificationMetrics.ClassificationReport(Array.Empty<long>(), Array.Empty<long>())).Message);
        Assert.Contains("target_names",
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.ClassificationReport(new long[] { 0, 1 }, new long[] { 0, 1 }, target_names: new[] { "one" })).Message);
        Assert.Contains("argmax",
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.ConfusionMatrix(ones(4, 3), zeros(4, 3))).Message);
        Assert.Contains("in y_true",
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.ConfusionMatrix(new long[] { 0, 1 }, new long[] { 0, 1 }, labels: new long[] { 7 })).Message);
    }
}
