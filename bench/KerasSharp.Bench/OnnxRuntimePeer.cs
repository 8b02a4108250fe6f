using System.Diagnostics;
using Keras.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasSharp.Bench;

/// <summary>
/// ONNX Runtime as a second inference peer: the model exported with SaveOnnx and run by ONNX Runtime 1.31 on as many
/// threads as libtorch has, in batches of 32 as Predict runs, from the same channels-last images.
/// </summary>
internal sealed class OnnxRuntimePeer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly string _input;

    public OnnxRuntimePeer(BaseModel model, int threads)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-bench-onnx-").FullName, "model.onnx");
        model.SaveOnnx(path);
        _options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(path, _options);
        _input = model.Inputs[0].Layer.Name;
    }

    /// <summary>Images per second over <paramref name="images"/> (N, H, W, C), batch by batch.</summary>
    public double ImagesPerSecond(float[] images, int[] shape, int batch)
    {
        int n = shape[0], per = shape[1] * shape[2] * shape[3];
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < n; start += batch)
        {
            int count = Math.Min(batch, n - start);
            var input = new DenseTensor<float>(images.AsMemory(start * per, count * per), new[] { count, shape[1], shape[2], shape[3] });
            using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_input, input) });
        }
        return n / clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
