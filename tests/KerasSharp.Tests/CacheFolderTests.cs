using System.Runtime.InteropServices;
using Keras.Utils;

namespace KerasSharp.Tests;

/// <summary>The private folder KerasSharp falls back to when home is not writable: never one that another user could have planted.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class CacheFolderTests
{
    [DllImport("libc", EntryPoint = "chown")]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("kerassharp-private-").FullName, "keras-test");

    [SkippableFact]
    public void The_fallback_is_created_owner_only_and_tightened_if_it_exists()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Unix permissions");
        string created = KerasCache.PrivateFolder(NewPath());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(created));

        string open = NewPath();
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        KerasCache.PrivateFolder(open);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(open));
    }

    [SkippableFact]
    public void A_link_or_a_folder_of_another_user_is_refused()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Unix owners and links");
        string link = NewPath();
        Directory.CreateSymbolicLink(link, Path.GetTempPath());
        Assert.Contains("not a plain folder", Assert.Throws<IOException>(() => KerasCache.PrivateFolder(link)).Message);

        string planted = NewPath();
        Directory.CreateDirectory(planted);
        // As root the test can hand the folder to 'nobody'; as another user, chown fails and this part cannot run.
        Skip.If(Chown(planted, 65534, 65534) != 0, "chown needs root");
        var e = Assert.Throws<IOException>(() => KerasCache.PrivateFolder(planted));
        Assert.Contains("belongs to another user (uid 65534)", e.Message);
    }
}
