namespace Keras.Models;

/// <summary>
/// What every model is, as Keras.NET's <c>BaseModel</c>: the home of the loaders that build a model from a file or
/// JSON, whose type the file decides. KerasSharp builds <see cref="Sequential"/> models, so they return one.
/// </summary>
public abstract class BaseModel
{
    private protected BaseModel()
    {
    }

    /// <summary>
    /// Loads a whole model, as Keras's <c>load_model</c>: a Keras 3 <c>.keras</c> archive, or a Keras 2 HDF5 file
    /// (<c>model.save</c> of Keras 2.1-2.15 or tf.keras). Builds the model from its config, sets its weights, and
    /// compiles it with its training config and optimizer state when the file has them. A layer or argument KerasSharp
    /// lacks is an error that names it; so is a damaged file.
    /// </summary>
    /// <param name="filepath">The .keras, .h5 or .hdf5 file.</param>
    /// <returns>The model, compiled if the file says how.</returns>
    public static Sequential LoadModel(string filepath) =>
        Keras3ModelFile.IsModelPath(filepath) ? Keras3ModelFile.Load(filepath) : KerasModelFile.Load(filepath);

    /// <summary>
    /// Builds a model from Keras's model JSON (<c>model.to_json()</c> of Keras 2.1-2.15, tf.keras 2 or Keras 3), with new
    /// weights. A layer or argument KerasSharp lacks is an error that names it.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>A new, uncompiled model.</returns>
    public static Sequential ModelFromJson(string json) => ModelConfig.FromJson(json);
}
