using System.Diagnostics;

namespace KerasSharp.Bench;

/// <summary>The bench's child processes (the PyTorch contender, the ONNX Runtime peer), run to their end.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> and returns its exit code and both streams. They are read at once: read one to its
    /// end before the other, and a child that fills the other's pipe would wait on the bench while the bench waits on it.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
