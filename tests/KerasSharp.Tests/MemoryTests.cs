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
}
