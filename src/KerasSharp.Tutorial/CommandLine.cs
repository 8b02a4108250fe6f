using System.CommandLine;

namespace KerasSharp.Tutorial;

/// <summary>The tutorial's command line: options, their checks, and the --quick preset.</summary>
public static class CommandLine
{
    /// <summary>Exit code for bad arguments, as command-line tools use.</summary>
    public const int BadArguments = 2;

    /// <summary>The preset of --quick: a few minutes on a laptop CPU.</summary>
    public static readonly (int Limit, int Epochs) Quick = (2000, 2);

    /// <summary>Parses the arguments; on success runs <paramref name="run"/> with the options, else prints the errors and returns 2.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="run">Runs the tutorial.</param>
    /// <param name="error">Where errors in the arguments go; standard error by default.</param>
    /// <param name="predict">Runs the predict command; <see cref="PredictCommand.Run"/> on the console by default.</param>
    public static int Invoke(string[] args, Func<TutorialOptions, int> run, TextWriter? error = null, Func<PredictOptions, int>? predict = null)
    {
        error ??= Console.Error;
        predict ??= options => PredictCommand.Run(options);
        var defaults = new TutorialOptions();
        var step = new Option<int>("--step") { Description = $"Run the tutorial up to step N (1-{TutorialOptions.StepCount}).", DefaultValueFactory = _ => defaults.Step };
        var fromStep = new Option<int>("--from-step")
        {
            Description = "Start at step N: earlier steps run silently for what later ones need; from step 6 on, the trained networks and histories come " +
                          "from an earlier run's --output (its conv4.h5, conv4_history.json...). --from-step 8 --step 8 runs step 8 alone.",
            DefaultValueFactory = _ => defaults.FromStep,
        };
        var model = new Option<string>("--model") { Description = "Which network: the 4-conv, the 6-conv, or both.", DefaultValueFactory = _ => defaults.Model };
        model.AcceptOnlyFromAmong("4", "6", "both");
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per model (the tutorial: 100).", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per batch (the tutorial: 32).", DefaultValueFactory = _ => defaults.BatchSize };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N training and N/5 test samples, for quick runs." };
        var dataset = new Option<string>("--dataset") { Description = "cifar10 (the tutorial) or fashion_mnist (28x28 grey; the models adapt).", DefaultValueFactory = _ => defaults.Dataset };
        dataset.AcceptOnlyFromAmong("cifar10", "fashion_mnist");
        var dataDir = new Option<string>("--data-dir") { Description = "Folder searched for dataset files (cifar-10-python.tar.gz, the Fashion-MNIST .gz files) before the Keras cache.", DefaultValueFactory = _ => defaults.DataDir };
        var output = new Option<string>("--output") { Description = "Folder for plots, histories, weights, checkpoints and report.html.", DefaultValueFactory = _ => defaults.Output };
        var seed = new Option<long>("--seed") { Description = "Random seed: the same seed gives the same run on the CPU.", DefaultValueFactory = _ => defaults.Seed };
        var device = new Option<string>("--device") { Description = "Compute device: auto (CUDA if available), cpu or cuda.", DefaultValueFactory = _ => defaults.Device };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var lr = new Option<double?>("--lr") { Description = "SGD learning rate (default: the tutorial's 0.1 on cifar10, 0.01 on fashion_mnist, where 0.1 stalls)." };
        var quick = new Option<bool>("--quick") { Description = $"Preset for a run of a few minutes on a laptop CPU: --limit {Quick.Limit} --epochs {Quick.Epochs} (explicit options win)." };
        var precision = new Option<string>("--precision")
        {
            Description = "Keras's dtype policy for the networks: float32, or mixed_bfloat16 (bfloat16 computations, float32 weights; 1.8-2.3x faster training measured on a CPU with AVX512_BF16, see docs/performance.md).",
            DefaultValueFactory = _ => defaults.Precision,
        };
        precision.AcceptOnlyFromAmong("float32", "mixed_bfloat16");
        var augment = new Option<bool>("--augment") { Description = "Train on augmented pictures, as Keras's CIFAR-10 example: random shifts of up to 10% of the width and height, and mirroring." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its last checkpoint in the output folder." };
        var loadModel = new Option<string?>("--load-model") { Description = "Skip training: run the printout, evaluation, confusion matrix and report on a Keras model file (.h5 or .keras) made elsewhere, e.g. output/conv4.h5." };
        var stopAfter = new Option<int?>("--stop-after-epoch") { Description = "Stop each model after N epochs as if interrupted, keeping its checkpoint (to try --resume)." };

        Check(step, v => v is < 1 or > TutorialOptions.StepCount ? $"--step must be between 1 and {TutorialOptions.StepCount}." : null);
        Check(fromStep, v => v is < 1 or > TutorialOptions.StepCount ? $"--from-step must be between 1 and {TutorialOptions.StepCount}." : null);
        Check(epochs, v => v <= 0 ? "--epochs must be a positive number." : null);
        Check(batchSize, v => v <= 0 ? "--batch-size must be a positive number." : null);
        Check(limit, v => v is < 5 ? "--limit must be at least 5 (N training and N/5 test samples)." : null);
        Check(stopAfter, v => v is < 1 ? "--stop-after-epoch must be at least 1." : null);
        Check(lr, v => v is <= 0 or double.NaN or double.PositiveInfinity ? "--lr must be a positive number." : null);
        Check(loadModel, v => v is null || File.Exists(v) ? null : $"--load-model {v}: no such file. Give a Keras model file (.h5 or .keras), such as output/conv4.h5 of an earlier run.");
        Check(dataDir, v => Directory.Exists(v) || v == defaults.DataDir ? null
            : $"--data-dir {v}: no such folder. Give the folder that holds the dataset files, or leave the option out.");

        var root = new RootCommand("The Keras CIFAR-10 tutorial (4-conv and 6-conv CNNs) in C#, step by step, on KerasSharp.")
        {
            step, fromStep, model, epochs, batchSize, limit, dataset, dataDir, output, seed, device, lr, quick, augment, precision, resume, stopAfter, loadModel,
        };
        root.SetAction(result =>
        {
            bool isQuick = result.GetValue(quick);
            var options = new TutorialOptions
            {
                Step = result.GetValue(step),
                FromStep = result.GetValue(fromStep),
                Model = result.GetValue(model)!,
                Epochs = isQuick && result.GetResult(epochs) is null or { Implicit: true } ? Quick.Epochs : result.GetValue(epochs),
                BatchSize = result.GetValue(batchSize),
                Limit = result.GetValue(limit) ?? (isQuick ? Quick.Limit : null),
                Dataset = result.GetValue(dataset)!,
                DataDir = result.GetValue(dataDir)!,
                Output = result.GetValue(output)!,
                Seed = result.GetValue(seed),
                Device = result.GetValue(device)!,
                LearningRate = result.GetValue(lr),
                Resume = result.GetValue(resume),
                Augment = result.GetValue(augment),
                Precision = result.GetValue(precision)!,
                LoadModel = result.GetValue(loadModel),
                StopAfterEpoch = result.GetValue(stopAfter),
            };
            if (options.FromStep > options.Step)
            {
                error.WriteLine($"error: --from-step {options.FromStep} comes after --step {options.Step}: nothing would run.");
                return BadArguments;
            }
            if (isQuick) Console.WriteLine($"--quick: --limit {options.Limit} --epochs {options.Epochs}");
            return run(options);
        });
        root.Subcommands.Add(PredictSubcommand(predict));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help to see every option.");
            return BadArguments;
        }
        return parsed.Invoke();
    }

    /// <summary><c>predict --model FILE PICTURE...</c>: a trained network on your own pictures.</summary>
    private static Command PredictSubcommand(Func<PredictOptions, int> predict)
    {
        var model = new Option<string>("--model") { Description = "The Keras model file (.h5 or .keras), e.g. output/conv4.h5 of a training run, or its ONNX export (.onnx).", Required = true };
        var output = new Option<string>("--output") { Description = $"Folder for {PredictCommand.StripFile}, the pictures with the network's answers.", DefaultValueFactory = _ => "output" };
        var dataset = new Option<string?>("--dataset") { Description = "Whose class names to print: cifar10 or fashion_mnist (default: by the network's input, 3 channels being CIFAR-10)." };
        dataset.AcceptOnlyFromAmong("cifar10", "fashion_mnist");
        var images = new Argument<string[]>("pictures") { Description = "Picture files: PNG, JPEG, GIF, BMP, WebP or ICO.", Arity = ArgumentArity.OneOrMore };
        Check(model, v => v is null || File.Exists(v) ? null : $"--model {v}: no such file. Give a Keras model file, such as output/conv4.h5 of a training run.");
        var command = new Command("predict", "Run a trained network on your own pictures: the top 3 classes of each, and a strip of the pictures with the answers.")
        {
            model, output, dataset, images,
        };
        command.SetAction(result => predict(new PredictOptions
        {
            Model = result.GetValue(model)!, Images = result.GetValue(images)!, Output = result.GetValue(output)!, Dataset = result.GetValue(dataset),
        }));
        return command;
    }

    /// <summary>
    /// Adds a rule on an option's value. A value that did not parse (<c>--epochs abc</c>, <c>--epochs 99999999999</c>)
    /// is already reported by the parser, so the rule only sees values that did.
    /// </summary>
    private static void Check<T>(Option<T> option, Func<T, string?> rule) =>
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (rule(value) is string error) result.AddError(error);
        });
}
