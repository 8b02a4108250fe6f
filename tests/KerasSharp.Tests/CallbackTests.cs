using System.Text.RegularExpressions;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

public class CallbackTests
{
    private static Sequential Regression()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 1, kernel_initializer: "zeros"));
        model.Compile(new Keras.Optimizers.SGD(lr: 0.1), "mse");
        return model;
    }

    private sealed class Scripted(params double[] values) : Callback
    {
        // Replaces the monitored value so the stopping rule is tested on a known sequence.
        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => logs["val_loss"] = values[epoch];
    }

    [Fact]
    public void Early_stopping_waits_patience_epochs_without_improvement()
    {
        var model = Regression();
        var stopper = new EarlyStopping(monitor: "val_loss", patience: 2, min_delta: 0.05);
        var history = model.Fit(ones(4, 1), ones(4, 1), epochs: 10, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)),
            callbacks: new Callback[] { new Scripted(1.0, 0.5, 0.48, 0.49, 0.3, 0.2, 0.1, 0, 0, 0), stopper });
        // 0.48 and 0.49 are not better than 0.5 by more than 0.05: stop after the second of them.
        Assert.Equal(3, stopper.StoppedEpoch);
        Assert.Equal(4, history.epoch.Count);
    }

    [Fact]
    public void Early_stopping_can_restore_the_best_weights()
    {
        var model = Regression();
        var snapshots = new List<float>();
        var stopper = new EarlyStopping(patience: 1, restore_best_weights: true);
        model.Fit(ones(4, 1), ones(4, 1), epochs: 10, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)),
            callbacks: new Callback[] { new Scripted(3, 1, 2, 0), new WeightRecorder(snapshots), stopper });
        Assert.Equal(2, stopper.StoppedEpoch);
        Assert.Equal(snapshots[1], model.GetWeights()[0].item<float>());
        Assert.NotEqual(snapshots[1], snapshots[2]);
    }

    private sealed class WeightRecorder(List<float> snapshots) : Callback
    {
        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => snapshots.Add(Model!.GetWeights()[0].item<float>());
    }

    [Fact]
    public void Model_checkpoint_formats_paths_and_saves_only_improvements()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-ckpt-").FullName;
        var model = Regression();
        var checkpoint = new ModelCheckpoint(Path.Combine(folder, "w.{epoch:02d}-{val_loss:.2f}.bin"), save_best_only: true);
        model.Fit(ones(4, 1), ones(4, 1), epochs: 4, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)),
            callbacks: new Callback[] { new Scripted(0.5, 0.25, 0.75, 0.125), checkpoint });
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToArray();
        // 0.125 formats as 0.12: Python rounds the exact tie to even.
        Assert.Equal(new[] { "w.01-0.50.bin", "w.02-0.25.bin", "w.04-0.12.bin" }, files);
        var restored = Regression();
        restored.LoadWeights(Path.Combine(folder, "w.04-0.12.bin"));
        Assert.Equal(model.GetWeights()[0].item<float>(), restored.GetWeights()[0].item<float>());
    }

    [Fact]
    public void Model_checkpoint_saves_whole_models_by_default_and_weights_alone_when_asked()
    {
        string folder = Directory.CreateTempSubdirectory("kerassharp-ckpt-").FullName;
        var model = Regression();
        model.Fit(ones(4, 1), ones(4, 1), epochs: 2, verbose: 0, callbacks: new Callback[]
        {
            new ModelCheckpoint(Path.Combine(folder, "model.{epoch}.h5")),
            new ModelCheckpoint(Path.Combine(folder, "weights.{epoch}.bin"), save_weights_only: true, period: 2),
        });
        Assert.Equal(new[] { "model.1.h5", "model.2.h5", "weights.2.bin" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var whole = Keras.Models.BaseModel.LoadModel(Path.Combine(folder, "model.2.h5"));
        Assert.Equal(model.Optimizer!.Iterations, whole.Optimizer!.Iterations); // compiled, with its optimizer's state
        Assert.Equal(model.GetWeights()[0].item<float>(), whole.GetWeights()[0].item<float>());
        Assert.Contains("neither a Keras HDF5 file nor a .keras archive", Assert.Throws<InvalidDataException>(() => Keras.Models.BaseModel.LoadModel(Path.Combine(folder, "weights.2.bin"))).Message);
    }

    [Fact]
    public void Model_checkpoint_writes_a_bare_field_as_pythons_str()
    {
        var logs = new Dictionary<string, double> { ["loss"] = 0.25, ["val_loss"] = 1.0, ["lr"] = 1e-05 };
        Assert.Equal("weights.01-1.0.h5", ModelCheckpoint.FormatPath("weights.{epoch:02d}-{val_loss}.h5", 1, logs));
        Assert.Equal("w.12-0.25-1e-05.h5", ModelCheckpoint.FormatPath("w.{epoch}-{loss}-{lr}.h5", 12, logs));
    }

    [Fact]
    public void Model_checkpoint_refuses_unknown_fields()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCheckpoint.FormatPath("{val_f1:.2f}", 1, new Dictionary<string, double> { ["loss"] = 1 }));
        Assert.Contains("val_f1", e.Message);
    }

    /// <summary>Records what a callback sees of the training state and of the batch logs.</summary>
    private sealed class StateReader(bool readsBatchValues, int startAt) : Callback
    {
        public List<double> MeansAtBatchEnd { get; } = new();
        public List<bool> BatchLogsHadLoss { get; } = new();
        public int? HistoryEpochsAtStart { get; private set; }

        protected internal override bool NeedsBatchValues => readsBatchValues;

        public override void OnTrainBegin(IDictionary<string, double> logs)
        {
            HistoryEpochsAtStart = State!.History.epoch.Count;
            State.InitialEpoch = startAt;
        }

        public override void OnBatchEnd(int batch, IDictionary<string, double> logs)
        {
            MeansAtBatchEnd.Add(State!.RunningMeans()[0].Value);
            BatchLogsHadLoss.Add(logs.ContainsKey("loss"));
        }
    }

    [Fact]
    public void Callbacks_read_the_training_state_and_may_move_the_first_epoch()
    {
        var model = Regression();
        var reader = new StateReader(readsBatchValues: false, startAt: 2);
        var history = model.Fit(ones(8, 1), ones(8, 1), batch_size: 4, epochs: 4, verbose: 0, shuffle: false, callbacks: new Callback[] { reader });
        Assert.Equal(0, reader.HistoryEpochsAtStart);
        Assert.Equal(new[] { 2, 3 }, history.epoch); // epochs 0 and 1 were skipped, as a restored checkpoint would
        Assert.Equal(4, reader.MeansAtBatchEnd.Count);
        // The running mean after an epoch's last batch is the epoch's logged loss.
        Assert.Equal(history.history["loss"][0], reader.MeansAtBatchEnd[1], 12);
        Assert.Equal(history.history["loss"][1], reader.MeansAtBatchEnd[3], 12);
        Assert.Throws<InvalidOperationException>(() => reader.State!.RunningMeans()); // only while an epoch trains
    }

    [Fact]
    public void Batch_logs_hold_the_loss_unless_no_callback_reads_it()
    {
        var quiet = new StateReader(readsBatchValues: false, startAt: 0);
        Regression().Fit(ones(8, 1), ones(8, 1), batch_size: 4, verbose: 0, callbacks: new Callback[] { quiet });
        Assert.All(quiet.BatchLogsHadLoss, Assert.False);

        var reading = new StateReader(readsBatchValues: true, startAt: 0);
        Regression().Fit(ones(8, 1), ones(8, 1), batch_size: 4, verbose: 0, callbacks: new Callback[] { reading });
        Assert.All(reading.BatchLogsHadLoss, Assert.True);
    }

    [Fact]
    public void A_model_keeps_the_device_it_was_created_on()
    {
        using var session = Keras.Session.Scope(device: "cpu");
        var before = Regression();
        // libtorch's meta device holds shapes without data: a second device on a machine without a GPU.
        Keras.Backend.SetDevice("meta");
        var after = new Sequential(new Layer[] { new Dense(3, input_shape: 2) });
        Assert.Equal(TorchSharp.DeviceType.META, after.Device.type);
        Assert.All(after.Weights, w => Assert.Equal(TorchSharp.DeviceType.META, w.Value.device.type));
        Assert.Equal(TorchSharp.DeviceType.CPU, before.Device.type);
        Assert.All(before.Weights, w => Assert.Equal(TorchSharp.DeviceType.CPU, w.Value.device.type));
        before.Fit(ones(4, 1), ones(4, 1), verbose: 0); // still trains where it was made
    }

    [Fact]
    public void Reduce_lr_on_plateau_lowers_the_rate_after_patience_epochs_then_cools_down()
    {
        var model = Regression();
        var recorded = new List<double>();
        var history = model.Fit(ones(4, 1), ones(4, 1), epochs: 6, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)), callbacks: new Callback[]
        {
            new Scripted(1, 1, 1, 1, 1, 0.5),
            new LambdaCallback(on_epoch_begin: (_, _) => recorded.Add(model.Optimizer!.Lr)),
            new ReduceLROnPlateau(patience: 2, factor: 0.5, cooldown: 1, min_lr: 0.03),
        });
        // Epoch 0 sets the best; epochs 1 and 2 wait; the drop comes at the end of epoch 2; epoch 3 cools down, epoch 4
        // waits one; epoch 5 improves. The logs (and so the History) hold the rate each epoch ran with.
        Assert.Equal(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.05 }, recorded);
        Assert.Equal(new[] { 0.1, 0.1, 0.1, 0.05, 0.05, 0.05 }, history.history["lr"]);
        var floor = new ReduceLROnPlateau(patience: 0, factor: 0.1, min_lr: 0.03);
        model.Fit(ones(4, 1), ones(4, 1), epochs: 2, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)), callbacks: new Callback[] { new Scripted(1, 1), floor });
        Assert.Equal(0.03, model.Optimizer!.Lr);
    }

    [Fact]
    public void The_learning_rate_scheduler_sets_each_epochs_rate()
    {
        var model = Regression();
        var seen = new List<double>();
        model.Fit(ones(4, 1), ones(4, 1), epochs: 3, verbose: 0, callbacks: new Callback[]
        {
            new LearningRateScheduler(epoch => 0.1 / (1 << epoch)),
            new LambdaCallback(on_epoch_end: (_, _) => seen.Add(model.Optimizer!.Lr)),
        });
        Assert.Equal(new[] { 0.1, 0.05, 0.025 }, seen);
        model.Fit(ones(4, 1), ones(4, 1), epochs: 2, verbose: 0, callbacks: new Callback[] { new LearningRateScheduler((_, lr) => lr * 2) });
        Assert.Equal(0.1, model.Optimizer!.Lr, 12);
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() =>
            model.Fit(ones(4, 1), ones(4, 1), verbose: 0, callbacks: new Callback[] { new LearningRateScheduler(_ => -1) })).Message);
    }

    [Fact]
    public void The_csv_logger_writes_kerass_columns_separator_and_appends()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-csv-").FullName, "log.csv");
        var model = Regression();
        var history = model.Fit(ones(4, 1), ones(4, 1), epochs: 2, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)), callbacks: new Callback[] { new CSVLogger(path) });
        string text = File.ReadAllText(path);
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,loss,val_loss", rows[0]);
        Assert.Equal($"0,{Keras.Utils.PyFormat.Repr(history.history["loss"][0])},{Keras.Utils.PyFormat.Repr(history.history["val_loss"][0])}", rows[1]);
        Assert.StartsWith("1,", rows[2]);
        Assert.Equal(3, rows.Length);

        model.Fit(ones(4, 1), ones(4, 1), epochs: 1, verbose: 0, validation_data: (ones(4, 1), ones(4, 1)), callbacks: new Callback[] { new CSVLogger(path, separator: ";", append: true) });
        rows = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length); // appended without a second header
        Assert.Matches(@"^0;[0-9.e-]+;[0-9.e-]+$", rows[3]);
    }

    [Fact]
    public void Terminate_on_nan_is_added_once_and_stops_a_diverging_run()
    {
        var model = new Sequential(new Layer[] { new Dense(1, input_shape: 1) });
        model.Compile(new Keras.Optimizers.SGD(lr: 1e30), "mse");
        var output = new StringWriter();
        model.Writer = output;
        var counted = 0;
        var history = model.Fit(ones(64, 1) * 1e10, ones(64, 1), batch_size: 8, epochs: 5, verbose: 0, callbacks: new Callback[]
        {
            new TerminateOnNaN(), new LambdaCallback(on_epoch_end: (_, _) => counted++),
        });
        Assert.Single(history.epoch);
        Assert.Equal(1, counted);
        Assert.Single(Regex.Matches(output.ToString(), "Invalid loss")); // the user's TerminateOnNaN, not a second one
        Assert.False(double.IsFinite(history.history["loss"][0]));
    }

    [Fact]
    public void Sample_and_class_weights_weigh_the_loss_as_keras_does_and_leave_the_metrics_alone()
    {
        // One Dense unit, weight 1, no bias, on x = [1, 2, 3, 4] against 0: per-sample squared errors 1, 4, 9, 16.
        var model = new Sequential(new Layer[] { new Dense(1, use_bias: false, kernel_initializer: "ones", input_shape: 1) });
        model.Compile(new Keras.Optimizers.SGD(lr: 1e-12), "mse", new[] { "mse" });
        var x = tensor(new float[] { 1, 2, 3, 4 }).reshape(4, 1);
        var history = model.Fit(x, zeros(4, 1), batch_size: 4, verbose: 0, shuffle: false, sample_weight: tensor(new float[] { 1, 0, 2, 1 }));
        // Keras's weighted_masked_objective: mean(loss * w) / mean(w != 0) = ((1 + 18 + 16) / 4) / 0.75.
        Assert.Equal(35.0 / 4 / 0.75, history.history["loss"][0], 4);
        Assert.Equal(30.0 / 4, history.history["mean_squared_error"][0], 4);

        // class_weight by each sample's class: argmax of one-hot targets.
        var classifier = new Sequential(new Layer[] { new Dense(2, activation: "softmax", kernel_initializer: "zeros", input_shape: 1) });
        classifier.Compile(new Keras.Optimizers.SGD(lr: 1e-12), "categorical_crossentropy");
        var labels = Keras.Utils.Util.ToCategorical(tensor(new long[] { 0, 1, 1, 1 }), 2);
        var weighted = classifier.Fit(x, labels, batch_size: 4, verbose: 0, class_weight: new Dictionary<int, float> { [0] = 3, [1] = 1 });
        // Zero weights give 0.5 everywhere: each sample's loss is ln 2, weighted (3 + 1 + 1 + 1) / 4.
        Assert.Equal(Math.Log(2) * 6 / 4, weighted.history["loss"][0], 4);
        Assert.Contains("class_weight must contain all classes", Assert.Throws<ArgumentException>(() =>
            classifier.Fit(x, labels, verbose: 0, class_weight: new Dictionary<int, float> { [0] = 1 })).Message);
    }
}
