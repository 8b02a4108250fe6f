using Keras.Callbacks;
using Keras.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests;

/// <summary>The same seed gives the same weights and History: every draw comes from the model's own generator.</summary>
public class DeterminismTests : SessionScopedTest
{
    [Fact]
    public void The_same_seed_gives_the_same_weights_and_history()
    {
        var (x, y, _) = SyntheticData.Quadrants(256, seed: 3);
        History Run(out Tensor[] weights)
        {
            Util.SetRandomSeed(42);
            var model = TrainingTests.SmallConvNet();
            var h = model.Fit(x, y, batch_size: 32, epochs: 3, verbose: 0, validation_split: 0.25);
            weights = model.GetWeights();
            return h;
        }

        var first = Run(out var w1);
        var second = Run(out var w2);
        foreach (var key in new[] { "loss", "acc", "val_loss", "val_acc" })
            Assert.Equal(first.history[key], second.history[key]);
        for (int i = 0; i < w1.Length; i++) Assert.True(w1[i].allclose(w2[i], rtol: 0, atol: 0), $"weight {i} differs");
        Assert.Equal(new[] { 0, 1, 2 }, first.epoch);
        Assert.Equal(3, first.EpochTimes.Count);
        Assert.All(first.EpochTimes, t => Assert.True(t > 0));
    }
}
