using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KerasSharp.Bench;

/// <summary>
/// The tutorial's two networks as a TorchSharp user would write them without KerasSharp: NCHW modules,
/// logits with cross-entropy, <c>optim.SGD</c>, one dispose scope per batch.
/// </summary>
internal static class RawTorchSharpNetworks
{
    public static Module<Tensor, Tensor> FourConv(int channels, int size, int classes)
    {
        int after = ((size - 2) / 2 - 2) / 2; // same, valid, pool, same, valid, pool
        return Sequential(
            Conv2d(channels, 32, 3, padding: 1), ReLU(), Conv2d(32, 32, 3), ReLU(), MaxPool2d(2), Dropout(0.25),
            Conv2d(32, 64, 3, padding: 1), ReLU(), Conv2d(64, 64, 3), ReLU(), MaxPool2d(2), Dropout(0.25),
            Flatten(), Linear(64 * after * after, 512), ReLU(), Dropout(0.5), Linear(512, classes));
    }

    public static Module<Tensor, Tensor> SixConv(int channels, int size, int classes)
    {
        int after = size / 8;
        return Sequential(
            Conv2d(channels, 32, 3, padding: 1), ReLU(), Dropout(0.2), Conv2d(32, 32, 3, padding: 1), ReLU(), MaxPool2d(2),
            Conv2d(32, 64, 3, padding: 1), ReLU(), Dropout(0.2), Conv2d(64, 64, 3, padding: 1), ReLU(), MaxPool2d(2),
            Conv2d(64, 128, 3, padding: 1), ReLU(), Dropout(0.2), Conv2d(128, 128, 3, padding: 1), ReLU(), MaxPool2d(2),
            Flatten(), Dropout(0.2), Linear(128 * after * after, 1024), ReLU(), Dropout(0.2), Linear(1024, classes));
    }

    /// <summary>Seconds for <paramref name="steps"/> training steps of batch 32 on random NCHW data.</summary>
    public static double TrainSeconds(Module<Tensor, Tensor> net, Tensor x, Tensor labels, int steps)
    {
        var optimizer = optim.SGD(net.parameters(), 0.01, momentum: 0.9, nesterov: true);
        var loss = CrossEntropyLoss();
        net.train();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var xb = x.narrow(0, i % (x.shape[0] / 32) * 32, 32);
            var yb = labels.narrow(0, i % (x.shape[0] / 32) * 32, 32);
            optimizer.zero_grad();
            var output = loss.call(net.call(xb), yb);
            output.backward();
            optimizer.step();
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds to predict every image of <paramref name="x"/> in batches of 32.</summary>
    public static double PredictSeconds(Module<Tensor, Tensor> net, Tensor x)
    {
        net.eval();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (inference_mode())
            for (long start = 0; start < x.shape[0]; start += 32)
            {
                using var scope = NewDisposeScope();
                functional.softmax(net.call(x.narrow(0, start, Math.Min(32, x.shape[0] - start))), 1).cpu();
            }
        return clock.Elapsed.TotalSeconds;
    }
}
