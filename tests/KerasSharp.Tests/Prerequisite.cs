using System.Diagnostics.CodeAnalysis;

namespace KerasSharp.Tests;

/// <summary>
/// What a test needs from the machine beyond the repository: Debian packages, Node.js, the shared files. Where one is
/// missing, the test fails under CI (CI=true or 1), where tests/run.sh installs everything, and elsewhere reports a
/// visible skip saying what is missing and how to install it.
/// </summary>
internal static class Prerequisite
{
    [DoesNotReturn]
    public static void Missing(string problem, string install)
    {
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail($"{problem} CI must provide it. {install}");
        throw new SkipException($"{problem} {install}");
    }
}
