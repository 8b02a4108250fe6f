using Keras.Utils;
using PureHDF;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// The HDF5 that Keras files hold, read as every h5py-based writer produced it and written as Keras 2.2 writes it:
/// lists of names in any encoding (fixed- or variable-length, bytes or str; an empty list, which h5py stores as an
/// empty float64 array; a long list split into <c>name0</c>, <c>name1</c>...), weights in float16, float32 or float64,
/// counters as any integer or float, and one shape check with one message.
/// </summary>
internal static class Hdf5
{
    /// <summary>HDF5 keeps an attribute in its object's header, which holds at most this much data (Keras's own limit).</summary>
    public const int AttributeLimit = 64512;

    /// <summary>A list of names: whole, or split as Keras splits it (<c>name0</c>, <c>name1</c>...); empty when absent.</summary>
    public static string[] ReadNames(IH5Object owner, string name, string path)
    {
        if (owner.AttributeExists(name)) return Strings(owner.Attribute(name), name, path);
        var names = new List<string>();
        for (int chunk = 0; owner.AttributeExists($"{name}{chunk}"); chunk++) names.AddRange(Strings(owner.Attribute($"{name}{chunk}"), $"{name}{chunk}", path));
        return names.ToArray();
    }

    private static string[] Strings(IH5Attribute attribute, string name, string path)
    {
        ulong count = attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b);
        // h5py stores Keras's empty list of weight names (a layer without weights) as an empty float64 array.
        if (!IsText(attribute) && count == 0) return Array.Empty<string>();
        if (!IsText(attribute))
            throw new InvalidDataException($"'{path}': the attribute '{name}' holds {attribute.Type.Class} values where Keras keeps a list of names.");
        return attribute.Space.Dimensions.Length == 0 ? new[] { attribute.Read<string>() } : attribute.Read<string[]>();
    }

    /// <summary>The longest text attribute read (a model's config): as long as a <c>.keras</c> archive's config may be.</summary>
    public const long TextLimit = 64L << 20;

    /// <summary>A string attribute (model_config, training_config, keras_version), or null when absent; a fixed-length one over <see cref="TextLimit"/> is refused unread.</summary>
    public static string? ReadText(IH5Object owner, string name, string path)
    {
        if (!owner.AttributeExists(name)) return null;
        var attribute = owner.Attribute(name);
        if (!IsText(attribute))
            throw new InvalidDataException($"'{path}': the attribute '{name}' holds {attribute.Type.Class} values, not text.");
        ulong count = attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b);
        if (attribute.Type.Class == H5DataTypeClass.String && (ulong)attribute.Type.Size * count > TextLimit)
            throw new InvalidDataException($"'{path}': the attribute '{name}' holds {PyFormat.Thousands((ulong)attribute.Type.Size * count)} bytes, more than a model's config needs ({PyFormat.Thousands(TextLimit)} at most).");
        return attribute.Space.Dimensions.Length == 0 ? attribute.Read<string>() : string.Concat(attribute.Read<string[]>());
    }

    /// <summary>Whether an attribute holds text: fixed-length strings, or h5py's variable-length ones.</summary>
    private static bool IsText(IH5Attribute attribute) => attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;

    /// <summary>The dataset at <paramref name="name"/> under <paramref name="group"/>, or an error naming it.</summary>
    public static IH5Dataset Dataset(IH5Group group, string name, string where, string path)
    {
        if (!group.LinkExists(name)) throw new InvalidDataException($"'{path}': {where} names the dataset '{name}', which the file does not hold.");
        return group.Get(name) as IH5Dataset ?? throw new InvalidDataException($"'{path}': '{name}' in {where} is not a dataset.");
    }

    /// <summary>The group at <paramref name="name"/> under <paramref name="group"/>, or an error naming it.</summary>
    public static IH5Group Group(IH5Group group, string name, string where, string path)
    {
        if (!group.LinkExists(name)) throw new InvalidDataException($"'{path}': {where} names the group '{name}', which the file does not hold.");
        return group.Get(name) as IH5Group ?? throw new InvalidDataException($"'{path}': '{name}' in {where} is not a group.");
    }

    /// <summary>The shape of a dataset, as the sizes HDF5 stores.</summary>
    public static long[] Dims(IH5Dataset dataset) => dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();

    /// <summary>A float16, float32 or float64 dataset of the expected shape, as a float32 tensor; <paramref name="where"/> names it in errors.</summary>
    public static Tensor ReadFloats(IH5Dataset dataset, Shape expected, string where, string path)
    {
        var dims = Dims(dataset);
        if (!dims.SequenceEqual(expected.Dims.Select(d => (long)d)))
            throw new InvalidDataException($"'{path}': {where} has shape {Shape.PythonTuple(dims.Select(d => d.ToString()))}, but the model expects {expected}.");
        return (dataset.Type.Class, dataset.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => tensor(dataset.Read<float[]>(), dims),
            (H5DataTypeClass.FloatingPoint, 8) => tensor(dataset.Read<double[]>().Select(d => (float)d).ToArray(), dims),
            (H5DataTypeClass.FloatingPoint, 2) => tensor(dataset.Read<Half[]>().Select(h => (float)h).ToArray(), dims),
            var (kind, size) => throw new InvalidDataException($"'{path}': {where} holds {kind} values of {size} bytes; KerasSharp reads float16, float32 and float64 weights."),
        };
    }

    /// <summary>A scalar counter (an optimizer's iterations), whatever integer or float type it was saved in.</summary>
    public static long ReadCount(IH5Dataset dataset, string where, string path)
    {
        if (Dims(dataset).Aggregate(1L, (a, b) => a * b) != 1)
            throw new InvalidDataException($"'{path}': {where} should hold one number; it has shape ({string.Join(", ", Dims(dataset))}).");
        double value = (dataset.Type.Class, dataset.Type.Size) switch
        {
            (H5DataTypeClass.FixedPoint, 8) => dataset.Read<long[]>()[0],
            (H5DataTypeClass.FixedPoint, 4) => dataset.Read<int[]>()[0],
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>()[0],
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>()[0],
            var (kind, size) => throw new InvalidDataException($"'{path}': {where} holds {kind} values of {size} bytes, not a count."),
        };
        if (!double.IsFinite(value) || value < 0 || value > long.MaxValue)
            throw new InvalidDataException($"'{path}': {where} holds {value}, which is not a count of steps.");
        return (long)value;
    }

    /// <summary>
    /// A list of names as an attribute, split as Keras splits it (<c>name0</c>, <c>name1</c>...) when it would exceed
    /// what an HDF5 object header holds; Keras 2's loader reads both forms, and so does <see cref="ReadNames"/>.
    /// </summary>
    public static void PutNames(IDictionary<string, object> attributes, string name, string[] values, int stringLength)
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

    /// <summary>
    /// A dataset at a Keras variable name: "conv2d_1/kernel:0" is "kernel:0" in the subgroup "conv2d_1". Float32, or an
    /// int64 scalar for an int64 tensor (an optimizer's iterations, as Keras keeps them).
    /// </summary>
    public static void Put(H5Group group, string name, Tensor value)
    {
        var parts = name.Split('/');
        foreach (string folder in parts[..^1])
        {
            if (!group.TryGetValue(folder, out var sub)) group[folder] = sub = new H5Group();
            group = (H5Group)sub;
        }
        group[parts[^1]] = value.dtype == ScalarType.Int64 ? new H5Dataset(data: value.item<long>()) : FloatDataset(value);
    }

    /// <summary>A tensor as a float32 HDF5 dataset of its shape, as Keras keeps weights.</summary>
    public static H5Dataset FloatDataset(Tensor value)
    {
        using var scope = NewDisposeScope(); // the float32 CPU copy is only needed for its values
        return new H5Dataset(value.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(), fileDims: value.shape.Select(d => (ulong)d).ToArray());
    }

    /// <summary>The one fixed length every string of a file gets: the longest one's, in UTF-8 bytes.</summary>
    public static int StringLength(IEnumerable<string> strings) => Math.Max(1, strings.DefaultIfEmpty("").Max(s => System.Text.Encoding.UTF8.GetByteCount(s)));

    /// <summary>
    /// Writes a file atomically, every string a fixed-length byte string of <paramref name="stringLength"/> bytes: h5py
    /// then reads bytes, which Keras 2.2's <c>decode('utf8')</c> needs, and tf.keras reads them too.
    /// </summary>
    public static void Write(string path, H5File file, int stringLength) =>
        AtomicFile.Write(path, stream => file.Write(stream, new H5WriteOptions(DefaultStringLength: stringLength)));
}
