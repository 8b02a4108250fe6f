namespace Keras;

/// <summary>
/// Where KerasSharp's warnings go, as Python's <c>warnings</c> module is where Keras's go: standard error unless
/// <see cref="Writer"/> says otherwise. Every warning the library gives (a CPU that computes bfloat16 slowly, a
/// bfloat16 kernel that failed its check, optimizer state a file could not restore) passes through here.
/// </summary>
public static class Warnings
{
    private static readonly object Gate = new();
    private static TextWriter? _writer;

    /// <summary>The writer warnings go to; standard error when null (the default).</summary>
    public static TextWriter? Writer
    {
        get { lock (Gate) return _writer; }
        set { lock (Gate) _writer = value; }
    }

    /// <summary>Writes one warning, whole, even when several threads warn at once.</summary>
    /// <param name="message">The warning's text.</param>
    internal static void Warn(string message)
    {
        lock (Gate) (_writer ?? Console.Error).WriteLine(message);
    }
}
