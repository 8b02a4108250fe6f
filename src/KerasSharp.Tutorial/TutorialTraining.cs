using Keras.Callbacks;
using Keras.Models;
using KerasSharp.Tutorial.Steps;

namespace KerasSharp.Tutorial;

/// <summary>
/// What the app adds around one network's <c>fit</c>, so that step 5 reads like the tutorial: a checkpoint at every
/// epoch's end (resumed with --resume), Ctrl-C and --stop-after-epoch, progress on the console, and afterwards the
/// weights and the History saved, or a word on how to continue.
/// </summary>
internal sealed class TutorialTraining
{
    private readonly TutorialContext _ctx;
    private readonly string _name;
    private readonly BaseModel _model;
    private readonly BackupAndRestore _backup;
    private readonly InterruptWatcher _stopper;

    public TutorialTraining(TutorialContext ctx, string name, BaseModel model)
    {
        (_ctx, _name, _model) = (ctx, name, model);
        _backup = new BackupAndRestore(ctx.OutputPath(Path.Combine("checkpoints", TutorialNetworks.FileName(name))));
        _stopper = new InterruptWatcher(ctx.Options.StopAfterEpoch);
        if (File.Exists(_backup.CheckpointPath))
        {
            if (ctx.Options.Resume)
            {
                Console.WriteLine($"Resuming {name} from {_backup.CheckpointPath}");
            }
            else
            {
                File.Delete(_backup.CheckpointPath);
                Console.WriteLine($"Found an old checkpoint for {name}; starting afresh (use --resume to continue it).");
            }
        }
        Console.WriteLine($"Training the {name} network:");
        model.DynamicProgress = ctx.OnTerminal;
    }

    /// <summary>The callbacks to give <c>Fit</c>.</summary>
    public Callback[] Callbacks => new Callback[] { _backup, _stopper };

    /// <summary>Keeps the trained network and its History, and saves them; or, if training was stopped, says how to resume.</summary>
    public void Finish(History history)
    {
        _ctx.Histories[_name] = history;
        string file = TutorialNetworks.FileName(_name);
        if (_stopper.Stopped)
        {
            _ctx.Interrupted = true;
            int done = history.epoch.Count == 0 ? 0 : history.epoch[^1] + 1;
            string weights = _ctx.OutputPath($"{file}.interrupted.weights");
            _model.SaveWeights(weights);
            Console.WriteLine();
            Console.WriteLine($"Stopped {_name} ({_stopper.Reason}). Its current weights are in {weights}.");
            Console.WriteLine(File.Exists(_backup.CheckpointPath)
                ? $"Epochs 1-{done} are saved in {_backup.CheckpointPath}: run the same command with --resume to continue."
                : "No epoch was complete, so there is nothing to resume: run the command again.");
            return;
        }
        _model.SaveWeights(_ctx.OutputPath($"{file}.weights"));
        _model.Save(_ctx.OutputPath($"{file}.h5")); // Keras 2's model file: Python's load_model and --load-model read it
        _model.SaveTensorflowJSFormat(_ctx.OutputPath($"{file}_tfjs")); // for TensorFlow.js in a browser or Node
        _model.SaveOnnx(_ctx.OutputPath($"{file}.onnx")); // for ONNX Runtime; the predict command takes it too
        SavedNetwork.SaveHistory(history, _ctx.OutputPath($"{file}_history"), _ctx.Options);
        Console.WriteLine($"Saved {file}.weights, {file}.h5, {file}_tfjs/, {file}.onnx, {file}_history.csv and {file}_history.json");
    }
}
