namespace KerasSharp.Tests;

[Collection(ProcessStateCollection.Name)]
public class ConsumerTests
{
    /// <summary>
    /// A separate program that references only KerasSharp runs libtorch, with an empty native cache,
    /// so the libstdc++ handling must work for users' projects, not just for this test assembly.
    /// </summary>
    /// <remarks>
    /// It runs with another libtorch first on LD_LIBRARY_PATH (<see cref="ForeignLibTorch"/>), and must
    /// map only the libtorch of its own TorchSharp package.
    /// </remarks>
    [SkippableFact]
    public async Task A_separate_consumer_project_loads_libtorch_through_kerassharp()
    {
        string cache = Directory.CreateTempSubdirectory("kerassharp-consumer-cache-").FullName;
        var environment = ForeignLibTorch.OnLibraryPath();
        environment["XDG_CACHE_HOME"] = cache;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var (code, output) = await ProcessRunner.RunAsync("dotnet", new[] { "run", "--project", "tests/ConsumerSmoke", "-c", "Release" },
            TimeSpan.FromMinutes(5), RepositoryPaths.Root, environment);
        Assert.True(code == 0, output);
        Assert.Contains("sum=6 predict_shape=(4, 2)", output);
        ForeignLibTorch.AssertOnlyOwnLibTorchMapped(output);
    }
}
