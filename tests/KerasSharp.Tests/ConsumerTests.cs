using System.Diagnostics;

namespace KerasSharp.Tests;

[Collection(ProcessStateCollection.Name)]
public class ConsumerTests
{
    /// <summary>
    /// A separate program that references only KerasSharp runs libtorch, with an empty native cache,
    /// so the libstdc++ handling must work for users' projects, not just for this test assembly.
    /// </summary>
    [Fact]
    public async Task A_separate_consumer_project_loads_libtorch_through_kerassharp()
    {
        string cache = Directory.CreateTempSubdirectory("kerassharp-consumer-cache-").FullName;
        var start = new ProcessStartInfo("dotnet", "run --project tests/ConsumerSmoke -c Release")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["XDG_CACHE_HOME"] = cache;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("sum=6 predict_shape=(4, 2)", output);
    }
}
