using PureHDF;
using Keras.Layers;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// Keras 2's HDF5 weights, as <c>model.save_weights('w.h5')</c> writes them in Keras 2.0-2.15 and tf.keras: root
/// attributes <c>layer_names</c> (every layer, in order), <c>backend</c> and <c>keras_version</c>; one group per layer
/// with the attribute <c>weight_names</c> (<c>conv2d_1/kernel:0</c>, ...) and each weight as a float32 dataset at that
/// name inside the group, in Keras's layout. Strings are fixed-length byte strings, as Keras 2.2 writes and reads them.
/// Reading also takes a whole-model file (<c>save_model</c>), whose weights sit in its <c>model_weights</c> group.
/// </summary>
internal static class KerasWeightsFile
{
    public static bool IsKerasPath(string path) =>
        path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);

    public static void Save(string path, Sequential model)
    {
        RefuseKeras3(path);
        var file = new H5File
        {
            Attributes = new()
            {
                ["layer_names"] = model.Layers.Select(l => l.Name).ToArray(),
                ["backend"] = "tensorflow",
                ["keras_version"] = ModelConfig.KerasVersion,
            },
        };
        var strings = new List<string>(model.Layers.Select(l => l.Name)) { "tensorflow", ModelConfig.KerasVersion };
        foreach (var layer in model.Layers)
        {
            var group = new H5Group { Attributes = new() { ["weight_names"] = layer.Weights.Select(w => w.Name).ToArray() } };
            strings.AddRange(layer.Weights.Select(w => w.Name));
            foreach (var weight in layer.Weights)
            {
                // "conv2d_1/kernel:0" is the dataset "kernel:0" in the subgroup "conv2d_1" of the layer's group.
                var (folder, leaf) = Split(weight.Name);
                if (!group.TryGetValue(folder, out var sub)) group[folder] = sub = new H5Group();
                using var value = weight.Get();
                ((H5Group)sub)[leaf] = new H5Dataset(value.data<float>().ToArray(), fileDims: value.shape.Select(d => (ulong)d).ToArray());
            }
            file[layer.Name] = group;
        }
        // One fixed length for every string: h5py then reads byte strings, which Keras 2.2's decode('utf8') needs.
        var options = new H5WriteOptions(DefaultStringLength: Math.Max(1, strings.Max(s => System.Text.Encoding.UTF8.GetByteCount(s))));
        AtomicFile.Write(path, stream => file.Write(stream, options));
    }

    public static void Load(string path, Sequential model, bool byName)
    {
        RefuseKeras3(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at '{path}'.", path);
        var values = new List<(Weight Weight, Tensor Value)>();
        bool complete = false;
        try
        {
            ReadInto(path, model, byName, values);
            complete = true;
        }
        catch (Exception e) when (e is not (InvalidDataException or FileNotFoundException))
        {
            // PureHDF reports a damaged or foreign file with exceptions of its own.
            throw new InvalidDataException($"'{path}' could not be read as Keras HDF5 weights: {e.Message}", e);
        }
        finally
        {
            if (!complete) foreach (var (_, value) in values) value.Dispose();
        }
        // Read and checked in full first, so a bad file never half-changes a model.
        foreach (var (weight, value) in values)
        {
            weight.Set(value);
            value.Dispose();
        }
    }

    private static void ReadInto(string path, Sequential model, bool byName, List<(Weight, Tensor)> values)
    {
        using var file = H5File.OpenRead(path);
        IH5Group root = file.LinkExists("model_weights") ? (IH5Group)file.Get("model_weights") : file;
        if (!((IH5Object)root).AttributeExists("layer_names"))
            throw new InvalidDataException($"'{path}' has no 'layer_names' attribute: it is not a Keras weights file.");
        var saved = ((IH5Object)root).Attribute("layer_names").Read<string[]>()
            .Select(name => (Name: name, Group: (IH5Group)root.Get(name)))
            .Select(l => (l.Name, Weights: ((IH5Object)l.Group).Attribute("weight_names").Read<string[]>(), l.Group))
            .Where(l => l.Weights.Length > 0)
            .ToList();
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
            {
                var dataset = (IH5Dataset)group.Get(names[i]);
                var dims = dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
                var expected = layer.Weights[i].Shape;
                if (!dims.SequenceEqual(expected.Dims.Select(d => (long)d)))
                    throw new InvalidDataException($"'{path}': weight '{names[i]}' has shape ({string.Join(", ", dims)}), but the model's '{layer.Weights[i].Name}' has shape {expected}.");
                values.Add((layer.Weights[i], tensor(dataset.Read<float[]>(), dims)));
            }
        }
    }

    private static (string Folder, string Leaf) Split(string weightName)
    {
        int slash = weightName.LastIndexOf('/');
        return slash < 0 ? (weightName, weightName) : (weightName[..slash], weightName[(slash + 1)..]);
    }

    private static void RefuseKeras3(string path)
    {
        if (path.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"'{path}': Keras 3's .weights.h5 layout is not supported yet; name the file *.h5 for Keras 2's layout.");
    }
}
