using KerasSharp.Tutorial;

namespace KerasSharp.Tests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding KerasTutorial.sln, found upwards from the test binaries.</summary>
    public static string Root => RepositoryRoot.Find() ?? throw new InvalidOperationException($"KerasTutorial.sln not found above {AppContext.BaseDirectory}.");
}
