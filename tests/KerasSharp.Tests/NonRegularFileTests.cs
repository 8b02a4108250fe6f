using Keras.Models;

namespace KerasSharp.Tests;

/// <summary>
/// Files that are no regular files: a FIFO would block a read forever and a device never ends, so every reader refuses
/// them at once with one line naming the path. Each read runs with a time limit, so a regression fails instead of hanging.
/// </summary>
public class NonRegularFileTests
{
    private static string Fifo()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-fifo-").FullName, "model.h5");
        var (code, output) = ProcessRunner.Run("mkfifo", new[] { path }, TimeSpan.FromSeconds(10));
        Assert.True(code == 0, output);
        return path;
    }

    private static Exception Refusal(Action read)
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

    [Fact]
    public void Model_files_that_are_fifos_devices_or_folders_are_refused_at_once()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "FIFOs are a Unix thing");
        string fifo = Fifo();
        var model = new Sequential(new Keras.Layers.Layer[] { new Keras.Layers.Dense(2, input_shape: 3) });
        foreach (var (path, kind) in new[] { (fifo, "a FIFO (named pipe)"), ("/dev/null", "a character device") })
        {
            Assert.Contains($"'{path}' is not a regular file ({kind})", Refusal(() => BaseModel.LoadModel(path)).Message);
            Assert.Contains($"'{path}' is not a regular file ({kind})", Refusal(() => model.LoadWeights(path)).Message);
        }
        string folder = Path.GetDirectoryName(fifo)!;
        Assert.Contains($"'{folder}' is a folder, not a file", Refusal(() => BaseModel.LoadModel(folder)).Message);
    }
}
