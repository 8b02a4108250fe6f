using Python.Runtime;

namespace KerasSharp.Tests.Extensions;

/// <summary>scikit-learn in this process through pythonnet, on Debian's libpython3.11 and apt's python3-sklearn.</summary>
internal static class SklearnBridge
{
    public const string LibPython = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";
    private static readonly Lazy<bool> Started = new(() =>
    {
        Runtime.PythonDLL = LibPython;
        PythonEngine.Initialize();
        PythonEngine.BeginAllowThreads();
        return true;
    });

    public static void Require()
    {
        PythonEnvironment.Require("numpy", "sklearn");
        if (!File.Exists(LibPython)) Prerequisite.Missing($"{LibPython} is missing.", "tests/run.sh installs it (apt-get install libpython3.11).");
        _ = Started.Value;
    }

    private static PyList List(IEnumerable<long> values) => new(values.Select(v => (PyObject)new PyInt(v)).ToArray());

    public static long[,] ConfusionMatrix(long[] yTrue, long[] yPred)
    {
        using (Py.GIL())
        {
            dynamic metrics = Py.Import("sklearn.metrics");
            dynamic cm = metrics.confusion_matrix(List(yTrue), List(yPred));
            int n = (int)cm.shape[0];
            var result = new long[n, n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    result[r, c] = (long)cm[r][c];
            return result;
        }
    }

    public static string ClassificationReport(long[] yTrue, long[] yPred, long[]? labels = null, string[]? targetNames = null, int digits = 2)
    {
        using (Py.GIL())
        {
            dynamic metrics = Py.Import("sklearn.metrics");
            using var kwargs = new PyDict();
            kwargs["digits"] = new PyInt(digits);
            kwargs["zero_division"] = new PyString("warn");
            if (labels is not null) kwargs["labels"] = List(labels);
            if (targetNames is not null) kwargs["target_names"] = new PyList(targetNames.Select(n => (PyObject)new PyString(n)).ToArray());
            dynamic warnings = Py.Import("warnings");
            warnings.filterwarnings("ignore");
            PyObject report = ((PyObject)metrics.GetAttr("classification_report")).Invoke(new PyObject[] { List(yTrue), List(yPred) }, kwargs);
            return report.As<string>();
        }
    }
}
