using static TorchSharp.torch;

namespace Keras.PreProcessing.Image;

/// <summary>
/// What <see cref="ImageDataGenerator.FlowFromDirectory"/> returns, as Keras's <c>DirectoryIterator</c>: batches of
/// pictures read from a folder per class, with their targets, endlessly (see <see cref="KerasIterator"/> for the order
/// and the threads). The files are listed once, as Keras lists them; each batch reads its pictures afresh.
/// </summary>
public sealed class DirectoryIterator : KerasIterator
{
    private static readonly string[] Extensions = { "png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff" };
    private static readonly string[] ClassModes = { "categorical", "binary", "sparse", "input" };

    private readonly ImageDataGenerator _augmenter;
    private readonly string _directory, _colorMode, _interpolation, _saveToDir, _savePrefix, _saveFormat;
    private readonly string? _classMode;
    private readonly (int Height, int Width) _size;
    private readonly int[] _classes;

    internal DirectoryIterator(ImageDataGenerator augmenter, string directory, (int Height, int Width) targetSize, string colorMode,
        string[]? classes, string? classMode, int batchSize, bool shuffle, long seed, string saveToDir, string savePrefix,
        string saveFormat, bool followLinks, string subset, string interpolation)
        : this(augmenter, directory, targetSize, colorMode, Listing.Of(directory, classes, subset, augmenter.ValidationSplit, followLinks),
            classMode, batchSize, shuffle, seed, saveToDir, savePrefix, saveFormat, interpolation)
    {
    }

    private DirectoryIterator(ImageDataGenerator augmenter, string directory, (int Height, int Width) targetSize, string colorMode,
        Listing listing, string? classMode, int batchSize, bool shuffle, long seed, string saveToDir, string savePrefix,
        string saveFormat, string interpolation)
        : base(listing.Files.Count, batchSize, shuffle, seed, onAccelerator: false)
    {
        if (classMode is not null && !ClassModes.Contains(classMode))
            throw new ArgumentException($"class_mode must be \"categorical\", \"binary\", \"sparse\", \"input\" or null (no targets); got \"{classMode}\".");
        if (colorMode is not ("rgb" or "rgba" or "grayscale"))
            throw new ArgumentException($"color_mode must be \"rgb\", \"rgba\" or \"grayscale\"; got \"{colorMode}\".");
        if (interpolation != "nearest")
            throw new ArgumentException($"interpolation \"{interpolation}\" is not supported; KerasSharp resizes with \"nearest\", Keras's default.");
        if (targetSize.Height <= 0 || targetSize.Width <= 0) throw new ArgumentException($"target_size must be positive; got {targetSize}.");
        if (saveFormat is not ("png" or "jpeg" or "jpg")) throw new ArgumentException($"save_format must be \"png\" or \"jpeg\"; got \"{saveFormat}\".");
        if (listing.Files.Count == 0)
            throw new ArgumentException($"{directory} holds no pictures ({string.Join(", ", Extensions)}) in its class folders ({string.Join(", ", listing.ClassNames)}); give a folder with a subfolder of pictures per class.");
        (_augmenter, _directory, _size, _colorMode, _classMode) = (augmenter, directory, targetSize, colorMode, classMode);
        (_interpolation, _saveToDir, _savePrefix, _saveFormat) = (interpolation, saveToDir, savePrefix, saveFormat);
        Filenames = listing.Files.Select(f => f.Name).ToList();
        _classes = listing.Files.Select(f => f.Class).ToArray();
        ClassIndices = listing.ClassNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        Console.Out.WriteLine($"Found {Samples} images belonging to {ClassIndices.Count} classes.");
    }

    /// <summary>Each picture's path relative to the folder, such as <c>cats/cat001.jpg</c>, in sample order.</summary>
    public IReadOnlyList<string> Filenames { get; }

    /// <summary>Each picture's class index, in sample order (int32, as Keras's <c>classes</c>).</summary>
    public Numpy.NDarray Classes => tensor(_classes);

    /// <summary>The class folders' names and their indices.</summary>
    public IReadOnlyDictionary<string, int> ClassIndices { get; }

    /// <summary>The number of classes.</summary>
    public int NumClasses => ClassIndices.Count;

    /// <summary>The shape of one picture (height, width, channels).</summary>
    public override Shape ImageShape => (_size.Height, _size.Width, _colorMode switch { "grayscale" => 1, "rgba" => 4, _ => 3 });

    /// <summary>The shape of one target; null for class_mode null.</summary>
    public override long[]? TargetShape => _classMode switch
    {
        "categorical" => new long[] { NumClasses },
        "binary" or "sparse" => Array.Empty<long>(),
        "input" => ImageShape.Dims.Select(d => (long)d).ToArray(),
        _ => null,
    };

    private protected override (Tensor X, Tensor? Y) MakeBatch(long[] index, Generator generator)
    {
        var pictures = index.Select(i => ImageUtil.ImageToArray(ImageUtil.LoadImg(Path.Combine(_directory, Filenames[(int)i]),
            _colorMode, (_size.Height, _size.Width), _interpolation)).Tensor).ToArray();
        var x = _augmenter.Standardize(_augmenter.Augment(stack(pictures), generator));
        if (_saveToDir.Length > 0) Save(x, index, generator);
        var labels = tensor(index.Select(i => (long)_classes[i]).ToArray());
        Tensor? y = _classMode switch
        {
            "categorical" => nn.functional.one_hot(labels, NumClasses).to_type(ScalarType.Float32),
            "binary" or "sparse" => labels.to_type(ScalarType.Float32),
            "input" => x.clone(),
            _ => null,
        };
        return (x, y);
    }

    /// <summary>Keras's debugging copies: each augmented picture as <c>{prefix}_{index}_{random}.{format}</c>, scaled to 0-255.</summary>
    private void Save(Tensor x, long[] index, Generator generator)
    {
        Directory.CreateDirectory(_saveToDir);
        using var hashes = randint(10_000_000, new long[] { index.Length }, generator: generator);
        for (int i = 0; i < index.Length; i++)
            ImageUtil.SaveImg(Path.Combine(_saveToDir, $"{_savePrefix}_{index[i]}_{hashes[i].item<long>()}.{_saveFormat}"), x[i], scale: true);
    }

    /// <summary>The class folders and their pictures, listed as Keras lists them.</summary>
    private sealed record Listing(IReadOnlyList<string> ClassNames, IReadOnlyList<(string Name, int Class)> Files)
    {
        public static Listing Of(string directory, string[]? classes, string subset, double validationSplit, bool followLinks)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"No folder at '{directory}'; give a folder with a subfolder of pictures per class.");
            (double From, double To)? split = subset switch
            {
                "" or null => null,
                "validation" => (0, validationSplit),
                "training" => (validationSplit, 1),
                _ => throw new ArgumentException($"subset must be \"training\" or \"validation\" (or empty for all pictures); got \"{subset}\"."),
            };
            var names = classes is { Length: > 0 } ? classes
                : Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
            var files = new List<(string, int)>();
            for (int c = 0; c < names.Length; c++)
            {
                string folder = Path.Combine(directory, names[c]);
                if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The class folder '{folder}' does not exist.");
                var valid = Walk(folder, followLinks).ToList();
                if (split is var (from, to)) valid = valid.Skip((int)(from * valid.Count)).Take((int)(to * valid.Count) - (int)(from * valid.Count)).ToList();
                files.AddRange(valid.Select(path => (Path.Combine(names[c], Path.GetRelativePath(folder, path)), c)));
            }
            return new Listing(names, files);
        }

        /// <summary>Python's sorted os.walk: folders by path, each folder's pictures by name, linked folders entered only when asked.</summary>
        private static IEnumerable<string> Walk(string folder, bool followLinks)
        {
            var folders = new List<string>();
            void Visit(string path)
            {
                folders.Add(path);
                foreach (var sub in Directory.EnumerateDirectories(path))
                    if (followLinks || new DirectoryInfo(sub).LinkTarget is null) Visit(sub);
            }
            Visit(folder);
            return folders.Order(StringComparer.Ordinal).SelectMany(f => Directory.EnumerateFiles(f).Order(StringComparer.Ordinal)
                .Where(file => Extensions.Any(e => file.EndsWith("." + e, StringComparison.OrdinalIgnoreCase))));
        }
    }
}
