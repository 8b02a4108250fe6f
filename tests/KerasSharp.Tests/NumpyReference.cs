using System.Text.Json;
using Numpy;

namespace KerasSharp.Tests;

/// <summary>
/// Runs Python expressions with Debian's NumPy on arrays the facade saved (<c>python-env/numpy_ops.py</c>): the
/// reference for the facade's functions and files.
/// </summary>
internal static class NumpyReference
{
    /// <summary>Evaluates each case's expression with the inputs in scope (and <c>folder</c>, <c>out</c>); returns the folder.</summary>
    public static string Run(IEnumerable<(string Name, NDarray Array)> inputs, IEnumerable<KeyValuePair<string, string>> cases, string? folder = null)
    {
        PythonEnvironment.Require("numpy");
        folder ??= Directory.CreateTempSubdirectory("kerassharp-numpy-").FullName;
        foreach (var (name, array) in inputs) np.save(Path.Combine(folder, name), array); // ".npy" added, as NumPy adds it
        File.WriteAllText(Path.Combine(folder, "cases.json"), JsonSerializer.Serialize(cases.ToDictionary(c => c.Key, c => c.Value)));
        PythonEnvironment.Script("numpy_ops.py", folder);
        return folder;
    }

    /// <summary>A result NumPy saved, read with the facade's np.load.</summary>
    public static NDarray Result(string folder, string name) => np.load(Path.Combine(folder, "out", name + ".npy"));

    /// <summary>Why two arrays differ (dtype, shape, or an element beyond 1e-6 relative), or null when they agree.</summary>
    public static string? Difference(NDarray numpy, NDarray ours)
    {
        if (ours.dtype.Name != numpy.dtype.Name || ours.shape.ToString() != numpy.shape.ToString())
            return $"NumPy {numpy.dtype} {numpy.shape}, facade {ours.dtype} {ours.shape}";
        var expected = numpy.flatten().astype(np.float64).GetData<double>();
        var actual = ours.flatten().astype(np.float64).GetData<double>();
        for (int k = 0; k < expected.Length; k++)
            if (!(expected[k].Equals(actual[k]) || Math.Abs(expected[k] - actual[k]) <= 1e-6 * Math.Abs(expected[k])))
                return $"element {k} is {expected[k]:R} in NumPy, {actual[k]:R} in the facade";
        return null;
    }
}
