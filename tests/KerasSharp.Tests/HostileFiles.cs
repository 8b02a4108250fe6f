using System.Text.Json;

namespace KerasSharp.Tests;

/// <summary>The hostile files python-env/hostile_files.py makes with h5py, zipfile, tarfile and PIL, once for the tests that read them.</summary>
public sealed class HostileFiles
{
    private readonly Lazy<string> _folder = new(() =>
    {
        PythonEnvironment.Require("h5py", "numpy", "PIL");
        string folder = Directory.CreateTempSubdirectory("kerassharp-hostile-").FullName;
        string output = PythonEnvironment.Script("hostile_files.py", folder);
        Assert.Contains("dense_bomb.h5", JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.EnumerateArray().Select(e => e.GetString()));
        return folder;
    });

    /// <summary>A file's path, the files made on first use.</summary>
    public string this[string name] => Path.Combine(_folder.Value, name);
}
