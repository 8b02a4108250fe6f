using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;
using Keras.Utils;

namespace KerasSharp.Tests;

/// <summary>An interrupted run resumes to the History of an uninterrupted one: the checkpoint carries the model's generator.</summary>
public class ResumeTests : SessionScopedTest
{
    private sealed class StopAtEpochEnd(int epoch) : Callback
    {
        public override void OnEpochEnd(int e, IDictionary<string, double> logs)
        {
            if (e == epoch) Model!.StopTraining = true;
        }
    }

    private static Sequential Build()
    {
        var model = new Sequential();
        model.Add(new Conv2D(4, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1)));
        model.Add(new Dropout(0.3));
        model.Add(new Flatten());
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile(new SGD(lr: 0.05, momentum: 0.9, decay: 1e-3, nesterov: true), "categorical_crossentropy", new[] { "accuracy" });
        return model;
    }

    [Fact]
    public void A_run_interrupted_after_epoch_one_resumes_to_the_same_history()
    {
        var (x, y, _) = SyntheticData.Quadrants(192, seed: 9);
        History Run(params Callback[] callbacks) =>
            Build().Fit(x, y, batch_size: 16, epochs: 3, verbose: 0, validation_split: 0.25, callbacks: callbacks);

        Util.SetRandomSeed(123);
        var uninterrupted = Run();

        string folder = Directory.CreateTempSubdirectory("kerassharp-resume-").FullName;
        Util.SetRandomSeed(123);
        var backup = new BackupAndRestore(folder);
        var first = Run(backup, new StopAtEpochEnd(0));
        Assert.Single(first.epoch);
        Assert.True(File.Exists(backup.CheckpointPath));

        // A new process would build the model again from scratch, with any seed.
        Util.SetRandomSeed(999);
        var resumedBackup = new BackupAndRestore(folder);
        var resumed = Run(resumedBackup);
        Assert.Equal(0, resumedBackup.RestoredEpoch);
        Assert.Equal(uninterrupted.epoch, resumed.epoch);
        foreach (var key in new[] { "loss", "acc", "val_loss", "val_acc" })
            Assert.Equal(uninterrupted.history[key], resumed.history[key]);
        Assert.False(File.Exists(resumedBackup.CheckpointPath));
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_with_its_name()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-resume-").FullName;
        var backup = new BackupAndRestore(folder);
        File.WriteAllText(backup.CheckpointPath, "KSCKPT01 but nothing else");
        var (x, y, _) = SyntheticData.Quadrants(32, seed: 1);
        var e = Assert.Throws<InvalidDataException>(() => Build().Fit(x, y, verbose: 0, callbacks: new[] { backup }));
        Assert.Contains("checkpoint.ksckpt", e.Message);
    }
}
