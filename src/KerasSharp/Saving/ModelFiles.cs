using Keras.Models;
using Keras.Utils;

namespace Keras.Saving;

/// <summary>
/// The one place that decides a model file's format, for every way a model meets a file. Writing, the name decides:
/// <c>*.keras</c> is Keras 3's archive; <c>*.weights.h5</c> Keras 3's weights; other <c>*.h5</c> or <c>*.hdf5</c> Keras
/// 2's HDF5; a whole model under any other name Keras 2's HDF5 too (as Keras 2's <c>model.save</c> writes it whatever
/// the name), weights under any other name KerasSharp's own checksummed format. Reading, the content decides, as
/// Keras's readers do: HDF5's signature (in Keras 3's layout or Keras 2's, told apart inside), a zip archive, or
/// KerasSharp's <c>KSWEIGHT</c>.
/// </summary>
internal static class ModelFiles
{
    /// <summary>The formats a model file can have.</summary>
    internal enum Format
    {
        /// <summary>Keras 3's <c>.keras</c> zip archive.</summary>
        Keras3Archive,
        /// <summary>Keras 3's <c>.weights.h5</c>.</summary>
        Keras3Weights,
        /// <summary>Keras 2's HDF5 file (<c>model.save</c> or <c>save_weights</c>).</summary>
        Keras2Hdf5,
        /// <summary>KerasSharp's own weights file.</summary>
        KerasSharpWeights,
    }

    /// <summary>The format a file's name asks for, when writing.</summary>
    public static Format Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase)) return Format.Keras3Archive;
        if (path.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase)) return Format.Keras3Weights;
        if (path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase)) return Format.Keras2Hdf5;
        return Format.KerasSharpWeights;
    }

    private static readonly byte[] Hdf5Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };
    private static readonly byte[] ZipSignature = { (byte)'P', (byte)'K', 0x03, 0x04 };

    /// <summary>The format a file's content has, when reading: by its first bytes; when they are neither HDF5's nor a zip's, the format its name asks for, whose reader then says what is wrong.</summary>
    public static Format Detect(string path)
    {
        var head = Head(path);
        if (head.AsSpan().StartsWith(Hdf5Signature)) return Format.Keras2Hdf5;
        if (head.AsSpan().StartsWith(ZipSignature)) return Format.Keras3Archive;
        return Of(path) is Format.Keras3Weights ? Format.Keras2Hdf5 : Of(path);
    }

    /// <summary>A regular file's first eight bytes (fewer for a shorter file).</summary>
    private static byte[] Head(string path)
    {
        var head = new byte[8];
        using var stream = SafeFile.OpenRead(path);
        return head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
    }

    public static void Save(string path, BaseModel model)
    {
        switch (Of(path))
        {
            case Format.Keras3Archive: Keras3Archive.Save(path, model); break;
            case Format.Keras3Weights:
                throw new ArgumentException($"'{path}' names a Keras 3 weights file; Save writes whole models: name it *.keras (Keras 3) or *.h5 (Keras 2), or call SaveWeights.");
            default: Keras2Hdf5.SaveModel(path, model); break;
        }
    }

    public static void SaveWeights(string path, BaseModel model)
    {
        switch (Of(path))
        {
            case Format.Keras3Archive:
                throw new ArgumentException($"'{path}': a .keras archive holds a whole model; call Save, or name a weights file *.weights.h5.");
            case Format.Keras3Weights: Keras3Weights.Save(path, model); break;
            case Format.Keras2Hdf5: Keras2Hdf5.SaveWeights(path, model); break;
            default: KerasSharpWeights.Save(path, model.Weights); break;
        }
    }

    public static void LoadWeights(string path, BaseModel model, bool byName)
    {
        switch (Detect(path))
        {
            case Format.Keras3Archive:
                if (byName) throw new ArgumentException("by_name matches layer names, which Keras 3's .keras archives do not hold; load by order.");
                Keras3Archive.LoadWeights(path, model);
                break;
            case Format.Keras2Hdf5: Keras2Hdf5.LoadWeights(path, model, byName); break;
            default:
                if (byName) throw new ArgumentException("by_name matches layers in Keras HDF5 files (*.h5); KerasSharp's own weights files load by order.");
                KerasSharpWeights.Load(path, model);
                break;
        }
    }

    public static BaseModel LoadModel(string path, bool compile) => Detect(path) switch
    {
        Format.Keras3Archive => Keras3Archive.Load(path, compile),
        Format.Keras2Hdf5 => Keras2Hdf5.LoadModel(path, compile),
        _ => throw new InvalidDataException($"'{path}' is neither a Keras HDF5 file nor a .keras archive: LoadModel reads whole models saved by Keras or by Save" +
                                            (Head(path).AsSpan().StartsWith("KSWEIGHT"u8) ? "; this one holds KerasSharp weights only: build the model in code, then LoadWeights." : ".")),
    };
}
