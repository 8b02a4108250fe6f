namespace Keras;

/// <summary>
/// Where KerasSharp's warnings go, as Python's <c>warnings</c> module is where Keras's go: the current session's
/// writer (<see cref="Session.WarningWriter"/>), standard error unless it is set. Every warning the library gives (a CPU
/// that computes bfloat16 slowly, a bfloat16 kernel that failed its check, optimizer state a file could not restore)
/// passes through here.
/// </summary>
public static class Warnings
{
    private static readonly object Gate = new();

    /// <summary>The current session's warning writer; standard error when null (the default).</summary>
    public static TextWriter? Writer
    {
        get => Session.Current.WarningWriter;
        set => Session.Current.WarningWriter = value;
    }

    /// <summary>Writes one warning, whole, even when several threads warn at once.</summary>
    /// <param name="message">The warning's text.</param>
    internal static void Warn(string message)
    {
        var writer = Writer ?? Console.Error;
        lock (Gate) writer.WriteLine(message);
    }
}
