using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using PureHDF;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// Keras 3's weights layout, as <c>model.save_weights('m.weights.h5')</c> writes it and as a <c>.keras</c> archive holds
/// it in <c>model.weights.h5</c>: an empty group <c>vars</c> for the model itself; <c>layers/NAME/vars/0</c>,
/// <c>1</c>... for each layer's weights in Keras's order and layout, where NAME is the layer's class in snake_case,
/// numbered <c>_1</c>, <c>_2</c>... from its second occurrence (Keras 3 does not use layer names here, so files load
/// into any model of the same architecture); and, once compiled, <c>optimizer/vars/0</c> (iterations),
/// <c>1</c> (the learning rate, unless a schedule gives it) and the state tensors weight by weight. No strings, no
/// attributes. TensorFlow 2.13's <c>_layer_checkpoint_dependencies</c> in place of <c>layers</c> is read too, as Keras 3 does.
/// </summary>
internal static class Keras3Weights
{
    /// <summary>Whether an HDF5 file has Keras 3's layout rather than Keras 2's (decided by content, not by name).</summary>
    public static bool HasLayout(IH5Group root) => root.LinkExists("layers") || root.LinkExists("_layer_checkpoint_dependencies")
        || (root.LinkExists("vars") && !root.LinkExists("model_weights") && !((IH5Object)root).AttributeExists("layer_names"));

    /// <summary>Each layer with its group under <c>layers/</c>, named as Keras 3's saving names it.</summary>
    internal static IEnumerable<(Layer Layer, string Name)> LayerGroups(BaseModel model)
    {
        var used = new Dictionary<string, int>();
        foreach (var layer in model.Layers)
        {
            string name = Backend.ToSnakeCase(layer.GetType().Name);
            used[name] = used.TryGetValue(name, out int n) ? n + 1 : 0;
            yield return (layer, used[name] == 0 ? name : $"{name}_{used[name]}");
        }
    }

    public static void Save(string path, BaseModel model) => AtomicFile.Write(path, stream => Build(model).Write(stream));

    /// <summary>The layout in memory, optimizer state included once the model is compiled, as Keras 3 saves it.</summary>
    internal static H5File Build(BaseModel model)
    {
        var layers = new H5Group();
        foreach (var (layer, name) in LayerGroups(model))
        {
            var vars = new H5Group();
            for (int i = 0; i < layer.Weights.Count; i++)
            {
                using var value = layer.Weights[i].Get();
                vars[$"{i}"] = Hdf5.FloatDataset(value);
            }
            layers[name] = new H5Group { ["vars"] = vars };
        }
        var file = new H5File { ["layers"] = layers, ["vars"] = new H5Group() };
        if (model.Optimizer is { } optimizer)
        {
            var vars = new H5Group { ["0"] = new H5Dataset(data: optimizer.Iterations) };
            if (optimizer.Decay == 0) vars["1"] = new H5Dataset(data: (float)optimizer.Lr);
            foreach (var slot in OptimizerState.Keras3(optimizer, model.TrainableWeightList))
            {
                vars[$"{vars.Count}"] = Hdf5.FloatDataset(slot);
                slot.Dispose();
            }
            file["optimizer"] = new H5Group { ["vars"] = vars };
        }
        return file;
    }

    /// <summary>Reads and checks the weights (and optimizer state, when the model is compiled to match it) without changing the model.</summary>
    internal static void Read(string path, IH5Group root, BaseModel model, LoadedState loaded)
    {
        string folder = root.LinkExists("layers") ? "layers" : root.LinkExists("_layer_checkpoint_dependencies") ? "_layer_checkpoint_dependencies"
            : throw new InvalidDataException($"'{path}' has no 'layers' group: it is not a Keras 3 weights file.");
        var saved = Hdf5.Group(root, folder, "the file", path);
        var expected = LayerGroups(model).ToList();
        var counts = saved.Children().Select(c => c.Name).ToDictionary(n => n, n => WeightCount(path, saved, folder, n));
        var savedNames = counts.Where(c => c.Value > 0).Select(c => c.Key).ToHashSet();
        var modelNames = expected.Where(e => e.Layer.Weights.Count > 0).Select(e => e.Name).ToHashSet();
        if (!savedNames.SetEquals(modelNames))
            throw new InvalidDataException($"'{path}' holds weights for the layers [{string.Join(", ", savedNames.Order())}], but the model's layers with weights are " +
                                           $"[{string.Join(", ", modelNames.Order())}]: it was saved from a different architecture.");
        foreach (var (layer, name) in expected.Where(e => e.Layer.Weights.Count > 0))
        {
            int count = counts[name];
            if (count != layer.Weights.Count)
                throw new InvalidDataException($"'{path}': {folder}/{name} has {count} weights, but the model's layer '{layer.Name}' has {layer.Weights.Count}.");
            for (int i = 0; i < count; i++)
            {
                var dataset = Hdf5.Dataset(saved, $"{name}/vars/{i}", folder, path);
                loaded.Values.Add((layer.Weights[i], Hdf5.ReadFloats(dataset, layer.Weights[i].Shape, $"{folder}/{name}/vars/{i}", path)));
            }
        }
        if (model.Optimizer is { } optimizer && root.LinkExists("optimizer/vars"))
        {
            var vars = Hdf5.Group(root, "optimizer/vars", "the file", path);
            int first = optimizer.Decay == 0 ? 2 : 1;
            int found = vars.Children().Count();
            var trainable = model.TrainableWeightList;
            var datasets = Enumerable.Range(first, Math.Max(0, found - first)).Select(i => Hdf5.Dataset(vars, $"{i}", "optimizer/vars", path)).ToList();
            var match = found >= first ? OptimizerState.MatchKeras3(optimizer, trainable, datasets.Select(Hdf5.Dims).ToList()) : null;
            if (match is null)
            {
                // Keras 3 skips the optimizer's state with a warning when it does not match, and so does KerasSharp.
                Warnings.Warn($"Warning: '{path}' holds {found} optimizer variables, which do not fit {optimizer.GetType().Name} as compiled for this model. Its state was not loaded.");
                return;
            }
            loaded.Iterations = Hdf5.ReadCount(Hdf5.Dataset(vars, "0", "optimizer/vars", path), "optimizer/vars/0", path);
            if (match.Indices is null) return;
            var shapes = optimizer.StateShapes(trainable).ToList();
            loaded.OptimizerState = match.Indices.Select((d, i) => Hdf5.ReadFloats(datasets[d], shapes[i], $"optimizer/vars/{first + d}", path)).ToList();
        }
    }

    private static int WeightCount(string path, IH5Group layers, string folder, string name)
    {
        if (!layers.LinkExists($"{name}/vars")) return 0;
        var names = Hdf5.Group(layers, $"{name}/vars", folder, path).Children().Select(c => c.Name).ToList();
        for (int i = 0; i < names.Count; i++)
            if (!names.Contains($"{i}"))
                throw new InvalidDataException($"'{path}': {name}/vars holds [{string.Join(", ", names)}]; Keras 3 numbers a layer's weights 0, 1, 2...");
        return names.Count;
    }
}
