using Keras.Models;

namespace Keras.Saving;

/// <summary>
/// The one place where a file's name decides its format, for every way a model meets a file: <c>*.keras</c> is Keras
/// 3's archive; <c>*.weights.h5</c> Keras 3's weights; any other <c>*.h5</c> or <c>*.hdf5</c> Keras 2's HDF5 (whole model
/// or weights; an HDF5 file is read in Keras 3's layout instead when its content has it); any other name KerasSharp's
/// own checksummed weights.
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

    /// <summary>The format a file's name asks for.</summary>
    public static Format Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".keras", StringComparison.OrdinalIgnoreCase)) return Format.Keras3Archive;
        if (path.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase)) return Format.Keras3Weights;
        if (path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase)) return Format.Keras2Hdf5;
        return Format.KerasSharpWeights;
    }

    public static void Save(string path, BaseModel model)
    {
        switch (Of(path))
        {
            case Format.Keras3Archive: Keras3Archive.Save(path, model); break;
            case Format.Keras2Hdf5: Keras2Hdf5.SaveModel(path, model); break;
            case Format.Keras3Weights:
                throw new ArgumentException($"'{path}' names a Keras 3 weights file; Save writes whole models: name it *.keras (Keras 3) or *.h5 (Keras 2), or call SaveWeights.");
            default:
                throw new ArgumentException($"'{path}': whole models are saved as *.keras (Keras 3) or *.h5 (Keras 2) files; SaveWeights writes weights alone in any format.");
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
        switch (Of(path))
        {
            case Format.Keras3Archive:
                if (byName) throw new ArgumentException("by_name matches layer names, which Keras 3's .keras archives do not hold; load by order.");
                Keras3Archive.LoadWeights(path, model);
                break;
            case Format.Keras3Weights or Format.Keras2Hdf5: Keras2Hdf5.LoadWeights(path, model, byName); break;
            default:
                if (byName) throw new ArgumentException("by_name matches layers in Keras HDF5 files (*.h5); KerasSharp's own weights files load by order.");
                KerasSharpWeights.Load(path, model);
                break;
        }
    }

    public static BaseModel LoadModel(string path, bool compile) => Of(path) switch
    {
        Format.Keras3Archive => Keras3Archive.Load(path, compile),
        Format.Keras2Hdf5 or Format.Keras3Weights => Keras2Hdf5.LoadModel(path, compile),
        _ => throw new ArgumentException($"'{path}': LoadModel reads whole models from *.keras (Keras 3) or *.h5 / *.hdf5 (Keras 2) files."),
    };
}
