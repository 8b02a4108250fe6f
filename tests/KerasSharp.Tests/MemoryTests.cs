using System.Diagnostics;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using TorchSharp;

namespace KerasSharp.Tests;

[Collection(ProcessStateCollection.Name)]
public class MemoryTests
{
    private sealed class MemoryProbe : Callback
    {
        public readonly List<long> LiveTensors = new();
        public readonly List<long> ResidentBytes = new();

        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
        {
            LiveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            ResidentBytes.Add(self.WorkingSet64);
        }
    }

    [Fact]
    public void Native_memory_stays_flat_across_epochs()
    {
        Util.SetRandomSeed(11);
        var (x, y, _) = SyntheticData.Quadrants(2000, seed: 8);
        var model = new Sequential();
        model.Add(new Conv2D(16, 3, padding: "same", activation: "relu", input_shape: (8, 8, 1)));
        model.Add(new MaxPooling2D());
        model.Add(new Dropout(0.2));
        model.Add(new Flatten());
        model.Add(new Dense(32, activation: "relu"));
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile(TutorialModels.TutorialSgd(), "categorical_crossentropy", new[] { "accuracy" });
        var probe = new MemoryProbe();

        model.Fit(x, y, epochs: 8, verbose: 0, validation_data: (x, y), callbacks: new[] { probe });

        // Every batch's tensors are disposed: the live count is the same after each epoch from the second on.
        Assert.All(probe.LiveTensors.Skip(1), n => Assert.Equal(probe.LiveTensors[1], n));
        // 500 batches an epoch: a leak of even one small tensor per batch would add megabytes here.
        long growth = probe.ResidentBytes[^1] - probe.ResidentBytes[1];
        Assert.True(growth < 32L << 20, $"resident memory grew by {growth >> 20} MiB from epoch 2 to epoch 8");
    }

    /// <summary>
    /// A memory figure of /proc/self/status in MiB: VmRSS, resident now, or VmHWM, the peak resident since <see cref="ResetPeak"/>.
    /// </summary>
    private static double StatusMiB(string key) =>
        double.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;

    /// <summary>Starts the peak over from the present (Linux's clear_refs 5).</summary>
    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    [SkippableFact]
    public void Saving_a_large_model_takes_little_more_than_its_weights_in_either_format()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "peak resident memory is read from /proc");
        using var session = Keras.Session.Scope(device: "cpu", seed: 3);
        // 33.6 million weights: 128 MiB of float32.
        var model = new Sequential(new Layer[] { new Dense(5792, input_shape: 5792), new Dense(10) });
        string folder = Directory.CreateTempSubdirectory("kerassharp-large-").FullName;
        var growth = new Dictionary<string, double>();
        foreach (string file in new[] { "large.keras", "large.h5" })
        {
            GC.Collect();
            double before = StatusMiB("VmRSS");
            ResetPeak();
            model.Save(Path.Combine(folder, file));
            growth[file] = StatusMiB("VmHWM") - before;
        }
        // Measured 262 MiB for .keras and 128 MiB for .h5 here: the weights pass through PureHDF's arrays (128 MiB), and a .keras archive streams its
        // weights entry from a temporary file instead of building it in memory twice.
        Assert.True(growth["large.keras"] < 400, $"saving as .keras peaked {growth["large.keras"]:F0} MiB above the resident memory before it (.h5: {growth["large.h5"]:F0} MiB)");
        Assert.True(growth["large.h5"] < 400, $"saving as .h5 peaked {growth["large.h5"]:F0} MiB above the resident memory before it");
        Assert.Equal(model.CountParams(), BaseModel.LoadModel(Path.Combine(folder, "large.keras")).CountParams());
    }
}
