using System.Globalization;

namespace KerasSharp.Tutorial;

/// <summary>
/// Keeps one tutorial run per output folder: two runs there would delete each other's checkpoints and mix their
/// History, weights and report. The lock is an exclusive lock on <c>.kerassharp.lock</c>, released when the run
/// ends, even when it is killed; <c>.kerassharp.owner</c> says which process holds it.
/// </summary>
internal sealed class OutputLock : IDisposable
{
    private readonly FileStream _lock;

    private OutputLock(FileStream stream) => _lock = stream;

    public static OutputLock Acquire(string folder)
    {
        string path = Path.Combine(folder, ".kerassharp.lock");
        string owner = Path.Combine(folder, ".kerassharp.owner");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(owner, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new OutputLock(stream);
        }
        catch (IOException)
        {
            string who = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "unknown";
            throw new IOException($"{Path.GetFullPath(folder)} is in use by another tutorial run (process {who}). " +
                                  "Wait for it to finish, or give this run another --output folder.");
        }
    }

    public void Dispose() => _lock.Dispose();
}
