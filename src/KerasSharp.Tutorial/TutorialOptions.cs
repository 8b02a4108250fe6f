namespace KerasSharp.Tutorial;

/// <summary>What a run of the tutorial does; the command line fills it (see <see cref="CommandLine"/>).</summary>
public sealed record TutorialOptions
{
    public const int StepCount = 8;

    /// <summary>Run the steps up to this one.</summary>
    public int Step { get; init; } = StepCount;

    /// <summary>
    /// Show the steps from this one on. Earlier steps still run without output for what later ones need (the data,
    /// the scores), except building and training: from step 6 on, the networks come from an earlier run's --output.
    /// </summary>
    public int FromStep { get; init; } = 1;

    /// <summary>"4", "6" or "both".</summary>
    public string Model { get; init; } = "both";

    public int Epochs { get; init; } = 100;

    public int BatchSize { get; init; } = 32;

    /// <summary>Use the first N training and N/5 test samples; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>"cifar10" or "fashion_mnist".</summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>Searched for dataset files before the Keras cache.</summary>
    public string DataDir { get; init; } = DefaultDataDir();

    public string Output { get; init; } = "output";

    public long Seed { get; init; } = 7;

    public string Device { get; init; } = "auto";

    /// <summary>SGD's learning rate; null for the dataset's default (<see cref="EffectiveLearningRate"/>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>SGD's learning rate: --lr, else the dataset's (<see cref="TutorialNetworks.LearningRate"/>).</summary>
    public double EffectiveLearningRate => LearningRate ?? TutorialNetworks.LearningRate(Dataset);

    public bool Resume { get; init; }

    /// <summary>Keras's dtype policy for the networks: "float32" or "mixed_bfloat16" (bfloat16 computations, float32 weights).</summary>
    public string Precision { get; init; } = "float32";

    /// <summary>Train on augmented batches (shifts of up to 10% and mirroring, as Keras's CIFAR-10 example).</summary>
    public bool Augment { get; init; }

    /// <summary>A Keras model file to analyse instead of training the tutorial's networks; null to train them.</summary>
    public string? LoadModel { get; init; }

    /// <summary>Stop after this many epochs as if interrupted (to try --resume); null to run all.</summary>
    public int? StopAfterEpoch { get; init; }

    /// <summary>Whether --model asks for this network ("4-conv" for "4", "6-conv" for "6", both for "both").</summary>
    public bool RunsModel(string network) => Model == "both" || network.StartsWith(Model, StringComparison.Ordinal);

    /// <summary>The repository's data/ folder when run from a checkout, else ./data.</summary>
    public static string DefaultDataDir() => RepositoryRoot.Find() is string root ? Path.Combine(root, "data") : Path.GetFullPath("data");
}
