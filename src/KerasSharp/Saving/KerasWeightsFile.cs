using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using PureHDF;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// Keras 2's HDF5 weights, as <c>model.save_weights('w.h5')</c> writes them in Keras 2.0-2.15 and tf.keras: root
/// attributes <c>layer_names</c> (every layer, in order), <c>backend</c> and <c>keras_version</c>; one group per layer
/// with the attribute <c>weight_names</c> (<c>conv2d_1/kernel:0</c>, ...) and each weight as a float32 dataset at that
/// name inside the group, in Keras's layout. Strings are fixed-length byte strings, as Keras 2.2 writes and reads them.
/// Reading also takes a whole-model file (<c>save_model</c>), whose weights sit in its <c>model_weights</c> group.
/// </summary>
internal static class KerasWeightsFile
{
    /// <summary>HDF5 keeps an attribute in its object's header, which holds at most this much data (Keras's own limit).</summary>
    private const int AttributeLimit = 64512;

    public static void Save(string path, BaseModel model)
    {
        var file = new H5File();
        int length = StringLength(Strings(model));
        FillLayers(file, model, length);
        Write(path, file, length);
    }

    /// <summary>The strings a weights layout of the model holds: layer and weight names, backend and version.</summary>
    internal static IEnumerable<string> Strings(BaseModel model) =>
        model.Layers.Select(l => l.Name).Concat(model.Layers.SelectMany(l => l.Weights.Select(w => w.Name))).Append("tensorflow").Append(ModelJson.KerasVersion);

    /// <summary>The one fixed length every string of a file gets: the longest one's, in UTF-8 bytes.</summary>
    internal static int StringLength(IEnumerable<string> strings) => Math.Max(1, strings.Max(s => System.Text.Encoding.UTF8.GetByteCount(s)));

    /// <summary>
    /// Writes a file atomically, every string a fixed-length byte string of <paramref name="stringLength"/> bytes: h5py
    /// then reads bytes, which Keras 2.2's <c>decode('utf8')</c> needs, and tf.keras reads them too.
    /// </summary>
    internal static void Write(string path, H5File file, int stringLength) =>
        AtomicFile.Write(path, stream => file.Write(stream, new H5WriteOptions(DefaultStringLength: stringLength)));

    /// <summary>
    /// A list of names as an attribute, split as Keras splits it (<c>name0</c>, <c>name1</c>, ...) when it would exceed
    /// what an HDF5 object header holds; Keras 2's loader reads both forms, and so does <see cref="ReadNames"/>.
    /// </summary>
    internal static void PutNames(IDictionary<string, object> attributes, string name, string[] values, int stringLength)
    {
        int perChunk = Math.Max(1, AttributeLimit / stringLength);
        if (values.Length <= perChunk)
        {
            attributes[name] = values;
            return;
        }
        for (int chunk = 0; chunk * perChunk < values.Length; chunk++)
            attributes[$"{name}{chunk}"] = values.Skip(chunk * perChunk).Take(perChunk).ToArray();
    }

    /// <summary>A list of names written by <see cref="PutNames"/> or by Keras, whole or in chunks.</summary>
    internal static string[] ReadNames(IH5Object owner, string name)
    {
        if (owner.AttributeExists(name)) return owner.Attribute(name).Read<string[]>();
        var names = new List<string>();
        for (int chunk = 0; owner.AttributeExists($"{name}{chunk}"); chunk++) names.AddRange(owner.Attribute($"{name}{chunk}").Read<string[]>());
        return names.ToArray();
    }

    /// <summary>Keras's layout of the model's weights into <paramref name="target"/> (the file's root, or its <c>model_weights</c> group).</summary>
    internal static void FillLayers(H5Group target, BaseModel model, int stringLength)
    {
        target.Attributes ??= new();
        PutNames(target.Attributes, "layer_names", model.Layers.Select(l => l.Name).ToArray(), stringLength);
        target.Attributes["backend"] = "tensorflow";
        target.Attributes["keras_version"] = ModelJson.KerasVersion;
        foreach (var layer in model.Layers)
        {
            var group = new H5Group { Attributes = new() };
            PutNames(group.Attributes, "weight_names", layer.Weights.Select(w => w.Name).ToArray(), stringLength);
            for (int i = 0; i < layer.Weights.Count; i++)
            {
                using var value = layer.Weights[i].Get();
                Put(group, layer.Weights[i].Name, value);
            }
            target[layer.Name] = group;
        }
    }

    /// <summary>A float32 dataset at a Keras variable name: "conv2d_1/kernel:0" is "kernel:0" in the subgroup "conv2d_1".</summary>
    internal static void Put(H5Group group, string name, Tensor value)
    {
        var parts = name.Split('/');
        foreach (string folder in parts[..^1])
        {
            if (!group.TryGetValue(folder, out var sub)) group[folder] = sub = new H5Group();
            group = (H5Group)sub;
        }
        group[parts[^1]] = Dataset(value);
    }

    /// <summary>A tensor as a float32 HDF5 dataset of its shape, as Keras keeps weights.</summary>
    internal static H5Dataset Dataset(Tensor value)
    {
        using var scope = NewDisposeScope(); // the float32 CPU copy is only needed for its values
        return new H5Dataset(value.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(), fileDims: value.shape.Select(d => (ulong)d).ToArray());
    }

    /// <summary>Loads Keras 2's layout, or Keras 3's (<see cref="Keras3WeightsFile"/>) when the file has it, whatever its name.</summary>
    public static void Load(string path, BaseModel model, bool byName)
    {
        var loaded = new LoadedWeights();
        loaded.Read(path, "Keras HDF5 weights", () =>
        {
            using var file = H5File.OpenRead(path);
            if (!Keras3WeightsFile.HasKeras3Layout(file))
                ReadLayers(path, file.LinkExists("model_weights") ? (IH5Group)file.Get("model_weights") : file, model, byName, loaded.Values);
            else if (byName)
                throw new InvalidDataException($"'{path}' has Keras 3's layout, which names layers by class, not by name: load it without by_name.");
            else
                Keras3WeightsFile.Read(path, file, model, loaded);
        });
        loaded.ApplyTo(model);
    }

    /// <summary>Runs a read of <paramref name="path"/>, turning PureHDF's errors into one that names the file; frees what was read if it fails.</summary>
    internal static void Guarded(string path, string what, Action read, IEnumerable<Tensor> readSoFar)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at '{path}'.", path);
        bool complete = false;
        try
        {
            read();
            complete = true;
        }
        catch (Exception e) when (e is not (InvalidDataException or FileNotFoundException))
        {
            // PureHDF reports a damaged or foreign file with exceptions of its own.
            throw new InvalidDataException($"'{path}' could not be read as {what}: {e.Message}", e);
        }
        finally
        {
            if (!complete) foreach (var value in readSoFar) value.Dispose();
        }
    }

    /// <summary>Reads and checks the weights in Keras's layout under <paramref name="root"/>, without changing the model.</summary>
    internal static void ReadLayers(string path, IH5Group root, BaseModel model, bool byName, List<(Weight, Tensor)> values)
    {
        var layerNames = ReadNames((IH5Object)root, "layer_names");
        if (layerNames.Length == 0)
            throw new InvalidDataException($"'{path}' has no 'layer_names' attribute: it is not a Keras weights file.");
        var saved = layerNames
            .Select(name => (Name: name, Group: (IH5Group)root.Get(name)))
            .Select(l => (l.Name, Weights: ReadNames((IH5Object)l.Group, "weight_names"), l.Group))
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
}
