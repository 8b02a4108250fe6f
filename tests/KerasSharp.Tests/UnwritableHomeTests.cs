using System.Runtime.InteropServices;
using Keras.Utils;

namespace KerasSharp.Tests;

/// <summary>Where the cache goes when HOME is unusable, as for the 'nobody' user whose home is /nonexistent.</summary>
[Collection(ProcessStateCollection.Name)]
public class UnwritableHomeTests
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    [SkippableFact]
    public void A_home_that_does_not_exist_falls_back_to_the_private_temporary_folder()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Unix home folders");
        string? home = Environment.GetEnvironmentVariable("HOME"), kerasHome = Environment.GetEnvironmentVariable("KERAS_HOME");
        try
        {
            Environment.SetEnvironmentVariable("HOME", "/nonexistent");
            Environment.SetEnvironmentVariable("KERAS_HOME", null);
            string root = KerasCache.Root();
            Assert.Equal(Path.Combine(Path.GetTempPath(), $"keras-{GetEuid()}"), root);
            Assert.True(Directory.Exists(root));
            Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, ".keras")), "no relative .keras in the working folder");
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOME", home);
            Environment.SetEnvironmentVariable("KERAS_HOME", kerasHome);
        }
    }
}
