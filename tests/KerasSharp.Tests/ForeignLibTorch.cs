namespace KerasSharp.Tests;

/// <summary>
/// Another libtorch on the machine: Debian's python3-torch (libtorch 1.13, which tests/run.sh installs) keeps
/// unversioned <c>libc10.so</c>, <c>libtorch_cpu.so</c>... in this folder. Put on LD_LIBRARY_PATH, as a conda
/// environment would be, the system loader searches it before a library's own runpath, so it is the
/// hardest case for KerasSharp's loader: a process must still map only its TorchSharp's libtorch.
/// </summary>
internal static class ForeignLibTorch
{
    public const string Folder = "/usr/lib/python3/dist-packages/torch/lib";

    public static Dictionary<string, string> OnLibraryPath()
    {
        if (!File.Exists(Path.Combine(Folder, "libc10.so")))
            Prerequisite.Missing($"{Folder}/libc10.so is missing.", "tests/run.sh installs it (apt-get install python3-torch).");
        return new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = Folder };
    }

    /// <summary>Checks the "mapped: PATH" lines a program printed: only files of the "libtorch folder: PATH" it printed.</summary>
    public static void AssertOnlyOwnLibTorchMapped(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        string folder = lines.Single(l => l.StartsWith("libtorch folder: ", StringComparison.Ordinal))["libtorch folder: ".Length..];
        var mapped = lines.Where(l => l.StartsWith("mapped: ", StringComparison.Ordinal)).Select(l => l["mapped: ".Length..]).ToList();
        Assert.True(folder.Length > 0, output);
        Assert.Contains(Path.Combine(folder, "libc10.so"), mapped);
        Assert.True(mapped.All(f => f.StartsWith(folder + "/", StringComparison.Ordinal)), $"libtorch files mapped from outside {folder}:\n{output}");
    }
}
