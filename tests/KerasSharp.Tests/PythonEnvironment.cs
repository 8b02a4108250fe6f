namespace KerasSharp.Tests;

/// <summary>
/// Debian's Python (<c>/usr/bin/python3</c>, with apt's python3-numpy and friends), used to make
/// fixtures and cross-check results. Where it is missing, tests report a visible skip with the reason
/// on a developer's machine, and fail in CI (where <c>tests/run.sh</c> installs it).
/// </summary>
internal static class PythonEnvironment
{
    public const string Interpreter = "/usr/bin/python3";

    public static void Require(params string[] modules)
    {
        if (Problem(modules) is { } problem)
            Prerequisite.Missing(problem, "tests/run.sh installs the apt packages listed in python-env/README.md.");
    }

    private static string? Problem(string[] modules)
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is missing.";
        var (code, output) = Run("-c", $"import {string.Join(", ", modules)}");
        return code == 0 ? null : $"{Interpreter} cannot import {string.Join(", ", modules)}: {output.Trim()}";
    }

    public static (int ExitCode, string Output) Run(params string[] args) => ProcessRunner.Run(Interpreter, args, TimeSpan.FromMinutes(5));

    /// <summary>Runs <c>python-env/</c><paramref name="script"/> and returns what it printed; fails the test, showing that, if it exits non-zero.</summary>
    public static string Script(string script, params string[] args)
    {
        var (code, output) = Run(args.Prepend(Path.Combine(RepositoryPaths.Root, "python-env", script)).ToArray());
        Assert.True(code == 0, $"python-env/{script} exited with {code}:\n{output}");
        return output;
    }
}
