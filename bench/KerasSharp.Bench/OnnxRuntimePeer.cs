using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Keras.Models;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// ONNX Runtime as a second inference peer: the model exported with SaveOnnx and run by ONNX Runtime 1.31 on as many
/// threads as libtorch has, in batches of 32 as Predict runs, on the same channels-last images. It runs in a process
/// of its own, as the PyTorch contender does, so that ONNX Runtime's threads and memory never sit beside the training
/// runs (in-process, they slowed the next training steps by up to 15%).
/// </summary>
internal sealed class OnnxRuntimePeer
{
    /// <summary>The bench's first argument that makes it this peer's child process.</summary>
    public const string Command = "onnx-peer";

    private readonly string _folder = Directory.CreateTempSubdirectory("kerassharp-bench-onnx-").FullName;
    private readonly string _model, _input;
    private readonly int _threads;
    private string? _images;

    public OnnxRuntimePeer(BaseModel model, int threads)
    {
        _model = Path.Combine(_folder, "model.onnx");
        model.SaveOnnx(_model);
        (_input, _threads) = (model.Inputs[0].Layer.Name, threads);
    }

    /// <summary>Images per second over <paramref name="images"/> (N, H, W, C), measured in the child process.</summary>
    public double ImagesPerSecond(Tensor images, int batch)
    {
        if (_images is null)
        {
            // Written a thousand images at a time, so that no copy of all of them stays on the bench's heap to swell
            // the memory figures measured later.
            _images = Path.Combine(_folder, "images.f32");
            using var file = File.Create(_images);
            for (long first = 0; first < images.shape[0]; first += 1000)
            {
                using var chunk = images.narrow(0, first, Math.Min(1000, images.shape[0] - first)).to_type(ScalarType.Float32).contiguous();
                file.Write(MemoryMarshal.AsBytes(chunk.data<float>().ToArray().AsSpan()));
            }
        }
        string self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(OnnxRuntimePeer).Assembly.Location);
        foreach (var a in new object[] { Command, _model, _input, _images, images.shape[0], images.shape[1], images.shape[2], images.shape[3], _threads, batch })
            args.Add(Convert.ToString(a, CultureInfo.InvariantCulture)!);
        var (code, stdout, stderr) = ChildProcess.Run(self, args);
        if (code != 0) throw new InvalidOperationException($"The ONNX Runtime peer failed: {stderr}");
        return double.Parse(stdout.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>The child: one warm-up batch, then every batch timed; prints images per second.</summary>
    public static int RunChild(string[] args)
    {
        string model = args[0], input = args[1];
        var values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(args[2])).ToArray();
        int[] shape = args[3..7].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        int threads = int.Parse(args[7], CultureInfo.InvariantCulture), batch = int.Parse(args[8], CultureInfo.InvariantCulture);
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        int n = shape[0], per = shape[1] * shape[2] * shape[3];
        void Run(int start, int count)
        {
            var tensor = new DenseTensor(values.AsMemory(start * per, count * per), new[] { count, shape[1], shape[2], shape[3] });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(input, tensor) });
        }
        Run(0, Math.Min(batch, n));
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < n; start += batch) Run(start, Math.Min(batch, n - start));
        Console.WriteLine((n / clock.Elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
