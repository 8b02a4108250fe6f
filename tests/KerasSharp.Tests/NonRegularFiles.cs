namespace KerasSharp.Tests;

/// <summary>Files that are no regular files, and a read of one under a time limit, for the tests that readers refuse them.</summary>
internal static class NonRegularFiles
{
    /// <summary>Makes a FIFO (named pipe), on which a plain read would block forever, at <paramref name="path"/>; returns the path.</summary>
    public static string Fifo(string path)
    {
        var (code, output) = ProcessRunner.Run("mkfifo", new[] { path }, TimeSpan.FromSeconds(10));
        Assert.True(code == 0, output);
        return path;
    }

    /// <summary>
    /// The InvalidDataException <paramref name="read"/> must end in, within 20 seconds: a read that blocks fails the test
    /// instead of hanging it.
    /// </summary>
    public static Exception Refusal(Action read)
    {
        var task = Task.Run(read);
        bool finished;
        try
        {
            finished = task.Wait(TimeSpan.FromSeconds(20));
        }
        catch (AggregateException)
        {
            finished = true;
        }
        Assert.True(finished, "the read blocked");
        return Assert.IsType<InvalidDataException>(task.Exception?.InnerException);
    }
}
