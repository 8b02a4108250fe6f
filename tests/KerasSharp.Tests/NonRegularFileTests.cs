using Keras.Models;

namespace KerasSharp.Tests;

/// <summary>
/// Files that are no regular files: a FIFO would block a read forever and a device never ends, so every reader refuses
/// them at once with one line naming the path. Each read runs with a time limit, so a regression fails instead of hanging.
/// </summary>
public class NonRegularFileTests
{
    [SkippableFact]
    public void Model_files_that_are_fifos_devices_or_folders_are_refused_at_once()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "FIFOs are a Unix thing");
        string fifo = NonRegularFiles.Fifo(Path.Combine(Directory.CreateTempSubdirectory("kerassharp-fifo-").FullName, "model.h5"));
        var model = new Sequential(new Keras.Layers.Layer[] { new Keras.Layers.Dense(2, input_shape: 3) });
        foreach (var (path, kind) in new[] { (fifo, "a FIFO (named pipe)"), ("/dev/null", "a character device") })
        {
            Assert.Contains($"'{path}' is not a regular file ({kind})", NonRegularFiles.Refusal(() => BaseModel.LoadModel(path)).Message);
            Assert.Contains($"'{path}' is not a regular file ({kind})", NonRegularFiles.Refusal(() => model.LoadWeights(path)).Message);
        }
        string folder = Path.GetDirectoryName(fifo)!;
        Assert.Contains($"'{folder}' is a folder, not a file", NonRegularFiles.Refusal(() => BaseModel.LoadModel(folder)).Message);
    }
}
