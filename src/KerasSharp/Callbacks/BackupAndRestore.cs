using Keras.Saving;

namespace Keras.Callbacks;

/// <summary>
/// Makes training resumable, as tf.keras's BackupAndRestore: after every epoch it saves the weights, the
/// optimizer's state, the random generator's state and the History to <c>backup_dir/checkpoint.ksckpt</c>
/// (atomically); when training starts and that file exists, it restores them and training continues with
/// the next epoch, ending with the same History as an uninterrupted run with the same seed (on the CPU).
/// The file is removed when training runs to its last epoch.
/// </summary>
public sealed class BackupAndRestore : Callback
{
    /// <summary>Backs training up into a folder, and restores from it when training starts again.</summary>
    /// <param name="backup_dir">Folder for the checkpoint file; created when needed. Use one folder per model.</param>
    public BackupAndRestore(string backup_dir)
    {
        ArgumentException.ThrowIfNullOrEmpty(backup_dir);
        BackupDir = backup_dir;
    }

    /// <summary>The folder the checkpoint is written to.</summary>
    public string BackupDir { get; }

    /// <summary>The checkpoint file: <c>checkpoint.ksckpt</c> in <see cref="BackupDir"/>.</summary>
    public string CheckpointPath => Path.Combine(BackupDir, "checkpoint.ksckpt");

    /// <summary>The epoch (0-based) restored from, or null when training started fresh.</summary>
    public int? RestoredEpoch { get; private set; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        RestoredEpoch = null;
        if (!File.Exists(CheckpointPath)) return;
        CheckpointFile.Contents checkpoint;
        try
        {
            checkpoint = CheckpointFile.Read(CheckpointPath, Model!);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message} Training cannot resume from it: delete it to start over.", e);
        }
        using var _ = checkpoint;
        if (checkpoint.Epoch + 1 > Params!.Epochs)
            throw new InvalidDataException($"'{CheckpointPath}' records {checkpoint.Epoch + 1} epochs as done, but this run trains {Params.Epochs}: " +
                                           "it is another run's checkpoint. It was left as it is: delete it to start over, or train for more epochs.");
        checkpoint.ApplyTo(Model!, State!.History);
        RestoredEpoch = checkpoint.Epoch;
        State.InitialEpoch = checkpoint.Epoch + 1;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) =>
        CheckpointFile.Save(CheckpointPath, Model!, epoch, State!.History);

    /// <inheritdoc/>
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (!Model!.StopTraining && File.Exists(CheckpointPath)) File.Delete(CheckpointPath);
    }
}
