using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Keras.Utils;

/// <summary>
/// Writes files so that an interrupted write (a crash, Ctrl-C, a full disk) never leaves a broken file under the
/// target name: the content goes to a temporary sibling (<c>.NAME.PID.GUID.tmp</c> in the same folder), which is
/// flushed to disk and renamed over the target only when complete. Weights, checkpoints, downloads, the native
/// loader's patched library and the tutorial's report are all written this way. Temporary files that a killed
/// process left behind (its id no longer runs) are removed the next time the same file is written.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Creates or replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given
    /// (readable and seekable too, so a writer can verify what it wrote). If <paramref name="write"/> throws, the
    /// temporary file is deleted and <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder is created when missing.</param>
    /// <param name="write">Writes the content; it may also read it back to verify it.</param>
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        RemoveStale(folder, Path.GetFileName(full));
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Deletes <c>.NAME.PID.GUID.tmp</c> files whose process is gone (killed during a write).</summary>
    private static void RemoveStale(string folder, string name)
    {
        foreach (string file in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
        {
            string[] parts = Path.GetFileName(file)[(name.Length + 2)..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another writer may be removing it too; it is only a leftover.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 (no byte-order mark).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="text">Its whole content.</param>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
}
