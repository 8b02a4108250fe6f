namespace KerasSharp.Tests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding KerasTutorial.sln, found upwards from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KerasTutorial.sln"))) return dir.FullName;
            throw new InvalidOperationException($"KerasTutorial.sln not found above {AppContext.BaseDirectory}.");
        }
    }
}
