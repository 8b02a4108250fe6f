using Keras.Models;
using Keras.Utils;
using PureHDF;
using static TorchSharp.torch;
using ListedLayer = (string Name, string[] Weights, PureHDF.IH5Group Group);

namespace Keras.Saving;

/// <summary>
/// Keras 2's HDF5 files, as Keras 2.0-2.15, tf.keras and Keras 3's legacy <c>.h5</c> write them. <c>save_weights</c>:
/// root attributes <c>layer_names</c> (the model's layers, as <c>model.layers</c> lists them), <c>backend</c> and
/// <c>keras_version</c>; one group per layer with the attribute <c>weight_names</c> and each weight as a dataset at that
/// name inside it. <c>model.save</c>: that layout in the group <c>model_weights</c>, the root attributes
/// <c>model_config</c> and <c>training_config</c>, and the optimizer's state in <c>optimizer_weights</c>
/// (<see cref="OptimizerState"/>). Written as Keras 2.2.4 writes them (fixed-length byte strings, which its
/// <c>decode('utf8')</c> needs), so Keras 2.2.4 loads them with their optimizer state; read in every form the versions
/// above produced (<see cref="Hdf5"/>). Weights load by order into the layers that have weights, or by name.
/// </summary>
internal static class Keras2Hdf5
{
    public static void SaveModel(string path, BaseModel model)
    {
        string modelConfig = ModelJson.Config(model).ToJsonString();
        string? training = model.Optimizer is null ? null : TrainingConfig.Keras2(model).ToJsonString();
        var state = model.Optimizer is null ? new List<(string Name, Tensor Value)>() : OptimizerState.Keras2(model.Optimizer, model.TrainableWeightList);
        try
        {
            // Every string gets the longest one's length: the model's JSON sets it, and lists of names are split to fit.
            var strings = Strings(model).Append(modelConfig).Concat(state.Select(s => s.Name)).ToList();
            if (training is not null) strings.Add(training);
            int length = Hdf5.StringLength(strings);
            if (length > 60_000)
                throw new NotSupportedException($"'{path}': the model's config takes {length} bytes, more than an HDF5 attribute holds; save its weights with SaveWeights and its architecture with ToJson.");

            var file = new H5File { Attributes = new() { ["model_config"] = modelConfig, ["keras_version"] = ModelJson.KerasVersion, ["backend"] = "tensorflow" } };
            var weights = new H5Group();
            FillLayers(weights, model, length);
            file["model_weights"] = weights;
            if (training is not null)
            {
                file.Attributes["training_config"] = training;
                var group = new H5Group { Attributes = new() };
                Hdf5.PutNames(group.Attributes, "weight_names", state.Select(s => s.Name).ToArray(), length);
                foreach (var (name, value) in state) Hdf5.Put(group, name, value);
                file["optimizer_weights"] = group;
            }
            Hdf5.Write(path, file, length);
        }
        finally
        {
            foreach (var (_, value) in state) value.Dispose();
        }
    }

    public static void SaveWeights(string path, BaseModel model)
    {
        var file = new H5File();
        int length = Hdf5.StringLength(Strings(model));
        FillLayers(file, model, length);
        Hdf5.Write(path, file, length);
    }

    /// <summary>The strings a weights layout of the model holds: layer and weight names, backend and version.</summary>
    private static IEnumerable<string> Strings(BaseModel model) =>
        model.Layers.Select(l => l.Name).Concat(model.Layers.SelectMany(l => l.Weights.Select(w => w.Name))).Append("tensorflow").Append(ModelJson.KerasVersion);

    /// <summary>Keras's layout of the model's weights into <paramref name="target"/> (the file's root, or its <c>model_weights</c> group).</summary>
    private static void FillLayers(H5Group target, BaseModel model, int stringLength)
    {
        target.Attributes ??= new();
        Hdf5.PutNames(target.Attributes, "layer_names", model.Layers.Select(l => l.Name).ToArray(), stringLength);
        target.Attributes["backend"] = "tensorflow";
        target.Attributes["keras_version"] = ModelJson.KerasVersion;
        foreach (var layer in model.Layers)
        {
            var group = new H5Group { Attributes = new() };
            Hdf5.PutNames(group.Attributes, "weight_names", layer.Weights.Select(w => w.Name).ToArray(), stringLength);
            foreach (var weight in layer.Weights)
            {
                using var value = weight.Get();
                Hdf5.Put(group, weight.Name, value);
            }
            target[layer.Name] = group;
        }
    }

    public static BaseModel LoadModel(string path, bool compile)
    {
        BaseModel? model = null;
        var loaded = new LoadedState();
        loaded.Read(path, "a Keras model file", () =>
        {
            using var file = H5File.Open(SafeFile.OpenRead(path));
            if (!file.AttributeExists("model_config") && Keras3Weights.HasLayout(file))
                throw new InvalidDataException($"'{path}' holds Keras 3 weights only: build the model in code, then LoadWeights (Keras 3 keeps whole models in .keras archives).");
            if (!file.AttributeExists("model_config"))
                throw new InvalidDataException($"'{path}' has no 'model_config' attribute: it holds weights only. Build the model in code, then LoadWeights.");
            var listed = ListLayers(path, file.LinkExists("model_weights") ? Hdf5.Group(file, "model_weights", "the file", path) : file);
            long held = WeightsHeld(path, listed);
            // h5py keeps a long config as a variable-length string, whose size shows only once read: a file larger than its
            // weights, their optimizer state (float64, three tensors each at most) and a config can fill is refused unread.
            long room = checked(held * 8 * 4 + Hdf5.TextLimit + (16L << 20));
            long size = new FileInfo(path).Length;
            if (size > room)
                throw new InvalidDataException($"'{path}' is {PyFormat.Thousands(size)} bytes but holds {PyFormat.Thousands(held)} weights: more than they, their optimizer state and a model config " +
                                               $"({PyFormat.Thousands(Hdf5.TextLimit)} bytes at most) can fill. It is refused unread.");
            string config = Hdf5.ReadText(file, "model_config", path)!;
            model = ModelJson.FromConfig(ModelJson.ParseObject(config, "model_config", path), $"'{path}'", held);
            ReadLayers(path, listed, model, byName: false, loaded);
            if (!compile || Hdf5.ReadText(file, "training_config", path) is not string training) return;
            var trainingConfig = ModelJson.ParseObject(training, "training_config", path);
            // tf.keras 2.x and Keras 3's legacy h5 may keep no optimizer (compiled without one, or stripped).
            if (trainingConfig["optimizer_config"] is null)
            {
                Warnings.Warn($"Warning: '{path}' says how the model was compiled but not with which optimizer; it is loaded uncompiled.");
                return;
            }
            TrainingConfig.Compile(model, trainingConfig, trainingConfig["optimizer_config"], path);
            if (file.LinkExists("optimizer_weights")) ReadOptimizerState(path, Hdf5.Group(file, "optimizer_weights", "the file", path), model, loaded);
        });
        loaded.ApplyTo(model!);
        return model!;
    }

    /// <summary>The layers Keras 2's layout under <paramref name="root"/> lists, each with its weights' names and its group; no dataset is opened.</summary>
    private static List<ListedLayer> ListLayers(string path, IH5Group root) =>
        Hdf5.ReadNames((IH5Object)root, "layer_names", path)
            .Select(name => (Name: name, Group: Hdf5.Group(root, name, "layer_names", path)))
            .Select(l => (l.Name, Hdf5.ReadNames((IH5Object)l.Group, "weight_names", path), l.Group))
            .ToList();

    /// <summary>How many weights the file holds in all, read from the datasets' shapes alone.</summary>
    private static long WeightsHeld(string path, List<ListedLayer> listed) =>
        listed.Sum(l => l.Weights.Sum(w => Hdf5.Dims(Hdf5.Dataset(l.Group, w, "the file", path)).Aggregate(1L, (a, b) => checked(a * b))));

    /// <summary>The optimizer's state, matched to the compiled optimizer; state that fits no layout is skipped with a warning, as Keras does.</summary>
    private static void ReadOptimizerState(string path, IH5Group group, BaseModel model, LoadedState loaded)
    {
        var names = Hdf5.ReadNames((IH5Object)group, "weight_names", path);
        if (names.Length == 0) return;
        var datasets = names.Select(n => Hdf5.Dataset(group, n, "optimizer_weights", path)).ToList();
        var optimizer = model.Optimizer!;
        var trainable = model.TrainableWeightList;
        var match = OptimizerState.MatchKeras2(optimizer, trainable, names.Zip(datasets, (n, d) => (n, Hdf5.Dims(d))).ToList());
        if (match is null)
        {
            Warnings.Warn($"Warning: '{path}' holds {names.Length} optimizer tensors, which do not fit {optimizer.GetType().Name} as compiled for this model " +
                          $"({optimizer.StateCount} per trainable weight, {trainable.Count} weights). The model starts with a freshly initialized optimizer, as Keras does.");
            return;
        }
        if (match.Iterations is not null) loaded.Iterations = Hdf5.ReadCount(datasets[0], $"optimizer_weights/{names[0]}", path);
        if (match.Indices is null) return;
        var shapes = optimizer.StateShapes(trainable).ToList();
        loaded.OptimizerState = new List<Tensor>();
        for (int i = 0; i < match.Indices.Length; i++)
            loaded.OptimizerState.Add(Hdf5.ReadFloats(datasets[match.Indices[i]], shapes[i], $"optimizer_weights/{names[match.Indices[i]]}", path));
    }

    /// <summary>Loads Keras 2's layout, or Keras 3's (<see cref="Keras3Weights"/>) when the file has it, whatever its name.</summary>
    public static void LoadWeights(string path, BaseModel model, bool byName)
    {
        var loaded = new LoadedState();
        loaded.Read(path, "Keras HDF5 weights", () =>
        {
            using var file = H5File.Open(SafeFile.OpenRead(path));
            if (!Keras3Weights.HasLayout(file))
                ReadLayers(path, ListLayers(path, file.LinkExists("model_weights") ? Hdf5.Group(file, "model_weights", "the file", path) : file), model, byName, loaded);
            else if (byName)
                throw new InvalidDataException($"'{path}' has Keras 3's layout, which names layers by class, not by name: load it without by_name.");
            else
                Keras3Weights.Read(path, file, model, loaded);
        });
        loaded.ApplyTo(model);
    }

    /// <summary>Reads and checks the weights of the layers a file lists (<see cref="ListLayers"/>), as Keras's <c>load_weights_from_hdf5_group</c> pairs them.</summary>
    private static void ReadLayers(string path, List<ListedLayer> listed, BaseModel model, bool byName, LoadedState loaded)
    {
        if (listed.Count == 0)
            throw new InvalidDataException($"'{path}' has no 'layer_names' attribute: it is not a Keras weights file.");
        var saved = listed.Where(l => l.Weights.Length > 0).ToList();
        var layers = model.Layers.Where(l => l.Weights.Count > 0).ToList();
        var pairs = byName
            ? layers.Select(l => (Layer: l, Saved: saved.FirstOrDefault(s => s.Name == l.Name))).Where(p => p.Saved.Name is not null).ToList()
            : layers.Count == saved.Count
                ? layers.Zip(saved, (l, s) => (Layer: l, Saved: s)).ToList()
                : throw new InvalidDataException($"'{path}' holds weights for {saved.Count} layers, but the model has {layers.Count} layers with weights: " +
                                                 "it was saved from a different architecture (or pass by_name: true).");
        foreach (var (layer, (name, names, group)) in pairs)
        {
            if (names.Length != layer.Weights.Count)
                throw new InvalidDataException($"'{path}': layer '{name}' has {names.Length} weights, but the model's layer '{layer.Name}' has {layer.Weights.Count}.");
            for (int i = 0; i < names.Length; i++)
                loaded.Values.Add((layer.Weights[i], Hdf5.ReadFloats(Hdf5.Dataset(group, names[i], $"layer '{name}'", path), layer.Weights[i].Shape,
                    $"weight '{names[i]}' (the model's '{layer.Weights[i].Name}')", path)));
        }
    }
}
