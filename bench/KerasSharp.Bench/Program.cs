using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Keras;
using Keras.Layers;
using Keras.Models;
using Keras.PreProcessing.Image;
using Keras.Utils;
using KerasSharp.Bench;
using KerasSharp.Tutorial;
using static TorchSharp.torch;

// The KerasSharp benchmark: the tutorial's two networks at batch 32 on CIFAR-shaped random data,
// KerasSharp's Fit against a plain TorchSharp loop and PyTorch from Python, alternating the contenders
// in each round; then Keras's IMDB LSTM example against PyTorch. Usage: dotnet run -c Release --project bench/KerasSharp.Bench [-- --quick] [--output FILE]
// [--rounds R] [--steps S].
if (args.Length > 0 && args[0] == OnnxRuntimePeer.Command) return OnnxRuntimePeer.RunChild(args[1..]);
bool quick = args.Contains("--quick");
string output = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault() ?? "bench-results.json";
int rounds = Arg("--rounds") ?? (quick ? 1 : 5), warmup = quick ? 2 : 5, steps = Arg("--steps") ?? (quick ? 4 : 40);
int predictImages = quick ? 320 : 10000;
int memoryEpochs = quick ? 3 : 6, memorySamples = quick ? 320 : 3200;
const int Batch = 32, EpochSamples = 50000;
int threads = get_num_threads();
string python = "/usr/bin/python3";
string script = Path.Combine(FindRoot(), "python-env", "bench_pytorch.py");
bool withPython = File.Exists(python) && PythonHasTorch();

Console.WriteLine($"KerasSharp benchmark, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, libtorch threads {threads}, " +
                  $"{(quick ? "quick mode" : "full mode")}: {rounds} round(s) of {steps} steps after {warmup} warm-up steps");
// Every ratio below belongs to this CPU and to what oneDNN can do with bfloat16 on it.
string cpu = CpuInfo.ModelName, bfloat16 = CpuInfo.BFloat16 switch
{
    CpuInfo.BFloat16Support.Native => "native bfloat16 instructions",
    CpuInfo.BFloat16Support.Emulated => "bfloat16 emulated on AVX-512",
    CpuInfo.BFloat16Support.Reference => "bfloat16 on libtorch's reference kernels",
    _ => "bfloat16 support not read",
} + (CpuInfo.MaxIsa() is { } cap ? $" (oneDNN capped at {cap})" : "");
Console.WriteLine($"CPU: {cpu}; oneDNN: {bfloat16}");
// The bfloat16 kernel check's probes, timed where they happen: the first mixed call of each geometry.
var probeClock = new Stopwatch();
int probes = 0;
BFloat16KernelCheck.Probe = (inputs, weights, compute) =>
{
    probeClock.Start();
    try { return BFloat16KernelCheck.Compare(inputs, weights, compute); }
    finally { probeClock.Stop(); probes++; }
};
if (!withPython) Console.WriteLine($"PyTorch contender skipped: {python} with torch not found (apt-get install python3-torch).");

double matmulGflops = MatmulGflops();
Console.WriteLine($"float32 matmul (2048x2048, libtorch): {F(matmulGflops)} GFLOP/s");

var results = new List<Dictionary<string, object>>();
foreach (var (name, convs) in new[] { ("4-conv", 4), ("6-conv", 6) })
{
    Util.SetRandomSeed(1);
    var x = rand(64 * Batch, 32, 32, 3);
    var labels = randint(0, 10, 64 * Batch);
    var y = Util.ToCategorical(labels, 10);
    var xNchw = x.permute(0, 3, 1, 2).contiguous();
    var keras = Build(convs);
    // The same network under Keras's mixed_bfloat16 policy: bfloat16 computations, float32 weights.
    MixedPrecision.SetGlobalPolicy("mixed_bfloat16");
    var mixed = Build(convs);
    MixedPrecision.SetGlobalPolicy("float32");
    probeClock.Reset();
    probes = 0;
    var raw = convs == 4 ? RawTorchSharpNetworks.FourConv(3, 32, 10) : RawTorchSharpNetworks.SixConv(3, 32, 10);
    double flops = ModelFlops.TrainingStep(keras, Batch);

    var kerasSteps = new List<double>();
    var augmentedSteps = new List<double>();
    var rawSteps = new List<double>();
    // The tutorial's --augment: Keras's CIFAR-10 example's shifts and flips, made in the background during training.
    var datagen = new ImageDataGenerator(width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);
    using var flow = datagen.Flow(x, y, batch_size: Batch);
    var mixedSteps = new List<double>();
    // Predict, as the steps, once per round for both precisions and the median kept: a single pass swung by 10% run to run.
    var predictX = rand(predictImages, 32, 32, 3);
    var kerasPredicts = new List<double>();
    var mixedPredicts = new List<double>();
    var onnxPredicts = new List<double>();
    var onnx = new OnnxRuntimePeer(keras, threads);
    mixed.Predict(predictX.narrow(0, 0, Batch), batch_size: Batch);
    var pythonSteps = new List<double>();
    var pythonBf16Steps = new List<double>();
    double pythonPredict = double.NaN, pythonBf16Predict = double.NaN;
    // An untimed first pass of each Fit: the first steps of a process run .NET's quickly compiled code until tiered
    // compilation replaces it, and the first round measured 40-50% slower than the next ones in both precisions.
    foreach (var model in new[] { keras, mixed }) SecondsPerStep(n => model.Fit(x.narrow(0, 0, n * Batch), y.narrow(0, 0, n * Batch), batch_size: Batch, verbose: 0));
    SecondsPerStep(n => keras.Fit(flow, steps_per_epoch: n, verbose: 0));
    for (int round = 0; round < rounds; round++)
    {
        // Alternate the contenders so that drifts of the machine touch them all alike.
        kerasSteps.Add(SecondsPerStep(n => keras.Fit(x.narrow(0, 0, n * Batch), y.narrow(0, 0, n * Batch), batch_size: Batch, verbose: 0)));
        mixedSteps.Add(SecondsPerStep(n => mixed.Fit(x.narrow(0, 0, n * Batch), y.narrow(0, 0, n * Batch), batch_size: Batch, verbose: 0)));
        augmentedSteps.Add(SecondsPerStep(n => keras.Fit(flow, steps_per_epoch: n, verbose: 0)));
        kerasPredicts.Add(ImagesPerSecond(keras, predictX));
        mixedPredicts.Add(ImagesPerSecond(mixed, predictX));
        onnxPredicts.Add(onnx.ImagesPerSecond(predictX, Batch));

        RawTorchSharpNetworks.TrainSeconds(raw, xNchw, labels, warmup);
        rawSteps.Add(RawTorchSharpNetworks.TrainSeconds(raw, xNchw, labels, steps) / steps);

        if (withPython)
        {
            var py = RunPython(convs.ToString(), round == 0 ? predictImages : Batch);
            pythonSteps.Add(py.GetProperty("train_seconds").GetDouble() / steps);
            if (round == 0) pythonPredict = py.GetProperty("predict_images").GetDouble() / py.GetProperty("predict_seconds").GetDouble();
            var bf16 = RunPython(convs.ToString(), round == 0 ? predictImages : Batch, bf16: true);
            pythonBf16Steps.Add(bf16.GetProperty("train_seconds").GetDouble() / steps);
            if (round == 0) pythonBf16Predict = bf16.GetProperty("predict_images").GetDouble() / bf16.GetProperty("predict_seconds").GetDouble();
        }
    }

    // Augmentation alone, without training: what the background thread has to hide.
    using var alone = datagen.Flow(x, y, batch_size: Batch);
    var augmentClock = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++)
    {
        var (xb, yb) = alone.Next();
        xb.Dispose();
        yb?.Dispose();
    }
    double augmentAlone = augmentClock.Elapsed.TotalSeconds / steps;

    double kerasPredict = Median(kerasPredicts), mixedPredict = Median(mixedPredicts);
    double rawPredict = predictImages / RawTorchSharpNetworks.PredictSeconds(raw, predictX.permute(0, 3, 1, 2).contiguous());

    double k = Median(kerasSteps), a = Median(augmentedSteps), r = Median(rawSteps), p = pythonSteps.Count > 0 ? Median(pythonSteps) : double.NaN;
    double m = Median(mixedSteps), pb = pythonBf16Steps.Count > 0 ? Median(pythonBf16Steps) : double.NaN;
    var row = new Dictionary<string, object>
    {
        ["model"] = name,
        ["parameters"] = keras.CountParams(),
        ["training_gflop_per_step"] = flops / 1e9,
        ["kerassharp_ms_per_step"] = k * 1e3,
        ["kerassharp_mixed_bfloat16_ms_per_step"] = m * 1e3,
        // Each round's step, float32 and mixed_bfloat16 measured back to back: how much the machine moved between rounds.
        ["kerassharp_ms_per_step_rounds"] = kerasSteps.Select(v => v * 1e3).ToArray(),
        ["kerassharp_mixed_bfloat16_ms_per_step_rounds"] = mixedSteps.Select(v => v * 1e3).ToArray(),
        ["pytorch_bf16_autocast_ms_per_step"] = pb * 1e3,
        ["mixed_bfloat16_speedup_over_float32"] = k / m,
        ["mixed_bfloat16_over_pytorch_bf16"] = m / pb,
        ["bf16_kernel_check_probes"] = probes,
        ["bf16_kernel_check_ms"] = probeClock.Elapsed.TotalMilliseconds,
        ["kerassharp_mixed_bfloat16_predict_images_per_s"] = mixedPredict,
        ["pytorch_bf16_autocast_predict_images_per_s"] = pythonBf16Predict,
        ["kerassharp_augmented_ms_per_step"] = a * 1e3,
        ["augment_overhead_percent"] = (a / k - 1) * 100,
        ["augment_alone_ms_per_batch"] = augmentAlone * 1e3,
        ["raw_torchsharp_ms_per_step"] = r * 1e3,
        ["pytorch_ms_per_step"] = p * 1e3,
        ["kerassharp_s_per_50000_epoch"] = k * Math.Ceiling(EpochSamples / (double)Batch),
        ["raw_torchsharp_s_per_50000_epoch"] = r * Math.Ceiling(EpochSamples / (double)Batch),
        ["pytorch_s_per_50000_epoch"] = p * Math.Ceiling(EpochSamples / (double)Batch),
        ["kerassharp_over_raw"] = k / r,
        ["kerassharp_over_pytorch"] = k / p,
        ["kerassharp_gflops"] = flops / k / 1e9,
        ["raw_torchsharp_gflops"] = flops / r / 1e9,
        ["pytorch_gflops"] = flops / p / 1e9,
        ["kerassharp_over_matmul"] = flops / k / 1e9 / matmulGflops,
        ["kerassharp_predict_images_per_s"] = kerasPredict,
        ["raw_torchsharp_predict_images_per_s"] = rawPredict,
        ["pytorch_predict_images_per_s"] = pythonPredict,
        ["onnxruntime_predict_images_per_s"] = Median(onnxPredicts),
        ["kerassharp_predict_over_onnxruntime"] = kerasPredict / Median(onnxPredicts),
    };
    results.Add(row);
}

// Keras's IMDB LSTM example: sigmoid gates run libtorch's fused LSTM, Keras 2.2's hard_sigmoid the layer's step loop.
int lstmWarmup = quick ? 1 : 2, lstmSteps = quick ? 2 : 10, lstmPredict = quick ? 64 : 1000;
var lstms = new[] { "sigmoid", "hard_sigmoid" }.ToDictionary(g => g, ImdbLstmBench.Build);
var lstmTimes = lstms.Keys.ToDictionary(g => g, _ => new List<double>());
var lstmPredicts = lstms.Keys.ToDictionary(g => g, _ => new List<double>());
var pythonLstmSteps = new List<double>();
double pythonLstmPredict = double.NaN;
for (int round = 0; round < rounds; round++)
{
    foreach (var (gates, model) in lstms)
    {
        lstmTimes[gates].Add(ImdbLstmBench.SecondsPerStep(model, lstmWarmup, lstmSteps));
        lstmPredicts[gates].Add(ImdbLstmBench.SequencesPerSecond(model, lstmPredict));
    }
    if (!withPython) continue;
    var py = RunPython("lstm", round == 0 ? lstmPredict : Batch, warmupSteps: lstmWarmup, timedSteps: lstmSteps);
    pythonLstmSteps.Add(py.GetProperty("train_seconds").GetDouble() / lstmSteps);
    if (round == 0) pythonLstmPredict = py.GetProperty("predict_images").GetDouble() / py.GetProperty("predict_seconds").GetDouble();
}
double pythonLstm = pythonLstmSteps.Count > 0 ? Median(pythonLstmSteps) : double.NaN;
var lstmRow = new Dictionary<string, object>
{
    ["model"] = "IMDB LSTM (Embedding 20000x128, LSTM 128, Dense 1; Adam; batch 32, length 200)",
    ["parameters"] = lstms["sigmoid"].CountParams(),
    ["kerassharp_sigmoid_fused_ms_per_step"] = Median(lstmTimes["sigmoid"]) * 1e3,
    ["kerassharp_hard_sigmoid_loop_ms_per_step"] = Median(lstmTimes["hard_sigmoid"]) * 1e3,
    ["pytorch_ms_per_step"] = pythonLstm * 1e3,
    ["kerassharp_sigmoid_over_pytorch"] = Median(lstmTimes["sigmoid"]) / pythonLstm,
    ["kerassharp_sigmoid_predict_sequences_per_s"] = Median(lstmPredicts["sigmoid"]),
    ["kerassharp_hard_sigmoid_predict_sequences_per_s"] = Median(lstmPredicts["hard_sigmoid"]),
    ["pytorch_predict_sequences_per_s"] = pythonLstmPredict,
};

var memory = MeasureMemory(memoryEpochs, memorySamples);
Console.WriteLine();
Console.WriteLine("| network | KerasSharp ms/step | raw TorchSharp ms/step | PyTorch ms/step | KerasSharp / raw | KerasSharp / PyTorch | GFLOP/s (K / raw / Py) | K / matmul | epoch of 50,000 (K) | predict img/s (K / raw / Py / ONNX Runtime) |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var row in results)
    Console.WriteLine($"| {row["model"]} | {F(row["kerassharp_ms_per_step"])} | {F(row["raw_torchsharp_ms_per_step"])} | {F(row["pytorch_ms_per_step"])} | " +
                      $"{F(row["kerassharp_over_raw"], 2)} | {F(row["kerassharp_over_pytorch"], 2)} | " +
                      $"{F(row["kerassharp_gflops"])} / {F(row["raw_torchsharp_gflops"])} / {F(row["pytorch_gflops"])} | {F(row["kerassharp_over_matmul"], 2)} | " +
                      $"{F(row["kerassharp_s_per_50000_epoch"], 0)} s | {F(row["kerassharp_predict_images_per_s"], 0)} / {F(row["raw_torchsharp_predict_images_per_s"], 0)} / {F(row["pytorch_predict_images_per_s"], 0)} / {F(row["onnxruntime_predict_images_per_s"], 0)} |");
foreach (var row in results)
    Console.WriteLine($"{row["model"]} mixed_bfloat16: {F(row["kerassharp_mixed_bfloat16_ms_per_step"])} ms/step ({F(row["mixed_bfloat16_speedup_over_float32"], 2)}x float32 on {cpu}, {bfloat16}), " +
                      $"PyTorch bf16 autocast {F(row["pytorch_bf16_autocast_ms_per_step"])} ms/step; predict {F(row["kerassharp_mixed_bfloat16_predict_images_per_s"], 0)} img/s " +
                      $"({F((double)row["kerassharp_mixed_bfloat16_predict_images_per_s"] / (double)row["kerassharp_predict_images_per_s"], 2)}x float32), PyTorch bf16 {F(row["pytorch_bf16_autocast_predict_images_per_s"], 0)} img/s; " +
                      $"kernel check: {row["bf16_kernel_check_probes"]} geometries probed in {F(row["bf16_kernel_check_ms"], 0)} ms, once per process");
foreach (var row in results)
    Console.WriteLine($"{row["model"]} with --augment: {F(row["kerassharp_augmented_ms_per_step"])} ms/step, {F(row["augment_overhead_percent"], 1)}% over plain Fit; " +
                      $"augmentation alone {F(row["augment_alone_ms_per_batch"], 2)} ms per batch of {Batch}");
Console.WriteLine($"IMDB LSTM, ms/step (sigmoid gates, fused / hard_sigmoid, step loop / PyTorch nn.LSTM): {F(lstmRow["kerassharp_sigmoid_fused_ms_per_step"])} / " +
                  $"{F(lstmRow["kerassharp_hard_sigmoid_loop_ms_per_step"])} / {F(lstmRow["pytorch_ms_per_step"])}; predict sequences/s: " +
                  $"{F(lstmRow["kerassharp_sigmoid_predict_sequences_per_s"], 0)} / {F(lstmRow["kerassharp_hard_sigmoid_predict_sequences_per_s"], 0)} / {F(lstmRow["pytorch_predict_sequences_per_s"], 0)}");
Console.WriteLine($"Memory: peak resident {F(memory["peak_resident_mib"], 0)} MiB; resident after each of {memoryEpochs} epochs of {memorySamples} images (4-conv): " +
                  $"{string.Join(", ", ((List<double>)memory["resident_mib_per_epoch"]).Select(m => F(m, 0)))} MiB; growth after epoch 2: {F(memory["growth_after_epoch2_percent"], 2)}%");

var report = new Dictionary<string, object>
{
    ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
    ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
    ["cpu"] = cpu,
    ["onednn_bfloat16"] = bfloat16,
    ["libtorch_threads"] = threads,
    ["mode"] = quick ? "quick" : "full",
    ["rounds"] = rounds,
    ["steps_per_round"] = steps,
    ["matmul_gflops"] = matmulGflops,
    ["flop_counting"] = "2 x multiply-adds of Conv2D and Dense layers; a training step = 3 forward passes x batch 32",
    ["networks"] = results,
    ["imdb_lstm"] = lstmRow,
    ["memory"] = memory,
};
File.WriteAllText(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
Console.WriteLine($"Results written to {Path.GetFullPath(output)}");
return 0;

// Seconds per step of a Fit of n steps, after a warm-up Fit of the warm-up steps.
double SecondsPerStep(Action<int> fit)
{
    fit(warmup);
    var clock = Stopwatch.StartNew();
    fit(steps);
    return clock.Elapsed.TotalSeconds / steps;
}

// Images per second of one Predict, at batch 32 as Keras's default.
static double ImagesPerSecond(Sequential model, Tensor images)
{
    var clock = Stopwatch.StartNew();
    using (model.Predict(images, batch_size: Batch)) { }
    return images.shape[0] / clock.Elapsed.TotalSeconds;
}

int? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();

static Sequential Build(int convs) => TutorialNetworks.BaseModel(convs == 4 ? TutorialNetworks.FourConv : TutorialNetworks.SixConv, (32, 32, 3), 10);

static double MatmulGflops()
{
    const int n = 2048, repeats = 10;
    using var a = randn(n, n);
    using var b = randn(n, n);
    using (var warm = a.matmul(b)) { }
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < repeats; i++)
        using (var c = a.matmul(b)) { }
    return 2.0 * n * n * n * repeats / clock.Elapsed.TotalSeconds / 1e9;
}

Dictionary<string, object> MeasureMemory(int epochs, int samples)
{
    var model = Build(4);
    var x = rand(samples, 32, 32, 3);
    var y = Util.ToCategorical(randint(0, 10, samples), 10);
    var resident = new List<double>();
    for (int e = 0; e < epochs; e++)
    {
        model.Fit(x, y, batch_size: Batch, verbose: 0, validation_data: (x.narrow(0, 0, samples / 5), y.narrow(0, 0, samples / 5)));
        resident.Add(Status("VmRSS") / 1024.0);
    }
    return new Dictionary<string, object>
    {
        ["peak_resident_mib"] = Status("VmHWM") / 1024.0,
        ["resident_mib_per_epoch"] = resident,
        ["growth_after_epoch2_percent"] = 100 * (resident[^1] - resident[1]) / resident[1],
    };
}

// Resident memory figures from /proc/self/status, in KiB.
static double Status(string key) =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).First();

JsonElement RunPython(string model, int predict, bool bf16 = false, int? warmupSteps = null, int? timedSteps = null)
{
    var arguments = new List<string> { script, "--model", model, "--threads", threads.ToString(), "--warmup", (warmupSteps ?? warmup).ToString(), "--steps", (timedSteps ?? steps).ToString(), "--predict", predict.ToString() };
    if (bf16) arguments.Add("--bf16");
    var (code, stdout, stderr) = ChildProcess.Run(python, arguments);
    if (code != 0) throw new InvalidOperationException($"The PyTorch contender failed: {stderr}");
    return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
}

bool PythonHasTorch() => ChildProcess.Run(python, new[] { "-c", "import torch" }).ExitCode == 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string F(object value, int digits = 1) => value is double d && double.IsFinite(d) ? d.ToString("F" + digits, CultureInfo.InvariantCulture) : "n/a";

static string FindRoot() => RepositoryRoot.Find() ?? Directory.GetCurrentDirectory();
