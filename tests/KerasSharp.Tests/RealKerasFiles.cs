namespace KerasSharp.Tests;

/// <summary>
/// <c>shared/keras-files</c>: real model files that people trained with Keras and published, with inputs and the
/// outputs an independent NumPy forward pass computed (its README). Read in place, never copied into the repository:
/// found through <c>KERASSHARP_KERAS_FILES</c>, else in a <c>shared/keras-files</c> folder beside the repository or
/// above it. Where it is missing, tests report a visible skip with the reason, and fail in CI.
/// </summary>
internal static class RealKerasFiles
{
    public static string Folder(string name)
    {
        string? root = Root();
        if (root is null)
            Prerequisite.Missing("shared/keras-files (the real Keras files) was not found beside or above the repository, nor in KERASSHARP_KERAS_FILES.",
                "Set KERASSHARP_KERAS_FILES to the folder that holds them.");
        string folder = Path.Combine(root, name);
        Assert.True(Directory.Exists(folder), $"{folder} is missing from the real Keras files.");
        return folder;
    }

    private static string? Root()
    {
        if (Environment.GetEnvironmentVariable("KERASSHARP_KERAS_FILES") is { Length: > 0 } given) return Directory.Exists(given) ? given : null;
        for (var dir = new DirectoryInfo(RepositoryPaths.Root); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "keras-files");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
