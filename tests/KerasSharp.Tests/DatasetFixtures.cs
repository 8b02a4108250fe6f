using System.Text.Json;

namespace KerasSharp.Tests;

/// <summary>Dataset files in the real formats, written once per test run by python-env/make_dataset_fixtures.py.</summary>
internal static class DatasetFixtures
{
    private static readonly Lazy<(string Folder, JsonElement Expected)> Made = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-fixtures-").FullName;
        PythonEnvironment.Script("make_dataset_fixtures.py", folder);
        return (folder, JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "expected.json"))).RootElement);
    });

    public static string Folder
    {
        get
        {
            PythonEnvironment.Require("numpy");
            return Made.Value.Folder;
        }
    }

    public static JsonElement Expected => Made.Value.Expected;

    public static string File(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(JsonElement array) => array.EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
}
