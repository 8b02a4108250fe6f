using System.Runtime.InteropServices;

namespace Keras.Utils;

/// <summary>
/// The C library's <c>stat(2)</c>: a path's file type bits and owner, which .NET does not report (it calls a FIFO a
/// plain file). Read at each platform's offsets in <c>struct stat</c>: Linux on x86-64 and Arm64, and macOS; null
/// elsewhere or where it cannot be read (glibc before 2.33 exports only <c>__xstat</c>).
/// </summary>
internal static class UnixStat
{
    /// <summary>The type and permission bits (<c>st_mode</c>) and the owner's uid, or null.</summary>
    public static (int Mode, uint Uid)? Of(string path)
    {
        (int Mode, int ModeSize, int Uid) offsets;
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64) offsets = (24, 4, 28);   // st_dev, st_ino, st_nlink (8 bytes each), st_mode, st_uid
        else if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64) offsets = (16, 4, 24); // st_dev, st_ino (8 each), st_mode, st_nlink (4 each), st_uid
        else if (OperatingSystem.IsMacOS()) offsets = (4, 2, 16); // st_dev (4), st_mode (2), st_nlink (2), st_ino (8), st_uid
        else return null;
        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        int mode = offsets.ModeSize == 2 ? BitConverter.ToUInt16(buffer, offsets.Mode) : BitConverter.ToInt32(buffer, offsets.Mode);
        return (mode, BitConverter.ToUInt32(buffer, offsets.Uid));
    }

    [DllImport("libc", EntryPoint = "stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat(string path, byte[] buffer);
}
