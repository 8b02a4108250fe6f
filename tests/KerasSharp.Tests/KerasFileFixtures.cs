using System.Text.Json;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>What the Keras 2 and Keras 3 file tests share: the small model, the Python side, the checks.</summary>
internal static class KerasFileFixtures
{
    public static string Folder(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Dense(8, relu), Dropout(0.5), Dense(3, softmax) on 5 inputs.</summary>
    public static Sequential Mlp(string? name = null)
    {
        var model = new Sequential(name: name);
        model.Add(new Dense(8, activation: "relu", input_shape: 5));
        model.Add(new Dropout(0.5));
        model.Add(new Dense(3, activation: "softmax"));
        return model;
    }

    /// <summary>Runs a script of python-env/ with Debian's Python (numpy and h5py) and returns its output; fails the test if it fails.</summary>
    public static string Python(string script, params string[] args)
    {
        PythonEnvironment.Require("numpy", "h5py");
        return PythonEnvironment.Script(script, args);
    }

    /// <summary>Writes the rows of <paramref name="x"/> as JSON for a Python forward pass; returns the file.</summary>
    public static string InputJson(string folder, Tensor x)
    {
        string path = Path.Combine(folder, "x.json");
        File.WriteAllText(path, JsonSerializer.Serialize(Enumerable.Range(0, (int)x.shape[0]).Select(i => x[i].data<float>().ToArray())));
        return path;
    }

    public static void AssertSameWeights(BaseModel a, BaseModel b)
    {
        var x = a.GetWeights();
        var y = b.GetWeights();
        Assert.Equal(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) Assert.True(x[i].allclose(y[i], rtol: 0, atol: 0), $"weight {i} differs");
    }
}
