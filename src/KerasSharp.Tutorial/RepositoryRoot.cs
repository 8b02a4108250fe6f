namespace KerasSharp.Tutorial;

/// <summary>The checkout a program runs from: the folder holding KerasTutorial.sln, found upwards from the program's binaries.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository's root folder, or null when the program does not run from a checkout.</summary>
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KerasTutorial.sln"))) return dir.FullName;
        return null;
    }
}
