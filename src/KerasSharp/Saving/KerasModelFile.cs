using System.Text.Json.Nodes;
using Keras.Models;
using Keras.Optimizers;
using PureHDF;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// Keras 2's whole-model HDF5 file, as <c>model.save('m.h5')</c> writes it in Keras 2.0-2.15 and tf.keras: the root
/// attributes <c>model_config</c> (the model JSON), <c>training_config</c> (loss, metrics, optimizer config),
/// <c>keras_version</c> and <c>backend</c>; the weights in the group <c>model_weights</c> (the save_weights layout);
/// and the optimizer's state in <c>optimizer_weights</c>, in the order of Keras's <c>optimizer.get_weights()</c>:
/// <c>iterations</c>, then its state tensors in Keras's layout. Loading rebuilds, compiles and restores all of it, so
/// that Fit continues as it would in Keras. Strings are fixed-length byte strings, as Keras 2.2 writes and reads them.
/// </summary>
internal static class KerasModelFile
{
    public static void Save(string path, BaseModel model)
    {
        string modelConfig = ModelJson.Config(model).ToJsonString();
        string? training = null;
        var stateNames = new List<string>();
        if (model.Optimizer is { } optimizer && model.Loss is { } loss)
        {
            training = new JsonObject
            {
                ["optimizer_config"] = new JsonObject { ["class_name"] = optimizer.GetType().Name, ["config"] = optimizer.KerasConfig() },
                ["loss"] = loss.Name,
                ["metrics"] = new JsonArray(model.Metrics.Select(m => (JsonNode?)m.Name).ToArray()),
                ["sample_weight_mode"] = null,
                ["loss_weights"] = null,
            }.ToJsonString();
            string prefix = $"training/{optimizer.GetType().Name}";
            if (optimizer.KerasWeightsStartWithIterations) stateNames.Add($"{prefix}/iterations:0");
            stateNames.AddRange(optimizer.KerasSlotShapes(model.TrainableWeightList).Select((_, i) => $"{prefix}/Variable_{i}:0"));
        }
        // Every string gets the longest one's length: the model's JSON sets it, and lists of names are split to fit.
        var strings = KerasWeightsFile.Strings(model).Append(modelConfig).Concat(stateNames).ToList();
        if (training is not null) strings.Add(training);
        int length = KerasWeightsFile.StringLength(strings);
        if (length > 60_000)
            throw new NotSupportedException($"'{path}': the model's config takes {length} bytes, more than an HDF5 attribute holds; save its weights with SaveWeights and its architecture with ToJson.");

        var file = new H5File { Attributes = new() { ["model_config"] = modelConfig, ["keras_version"] = ModelJson.KerasVersion, ["backend"] = "tensorflow" } };
        var weights = new H5Group();
        KerasWeightsFile.FillLayers(weights, model, length);
        file["model_weights"] = weights;
        if (training is not null && model.Optimizer is { } compiled)
        {
            file.Attributes["training_config"] = training;
            var slots = compiled.KerasSlots(model.TrainableWeightList).ToList();
            var state = new H5Group { Attributes = new() };
            KerasWeightsFile.PutNames(state.Attributes, "weight_names", stateNames.ToArray(), length);
            int first = compiled.KerasWeightsStartWithIterations ? 1 : 0;
            if (first == 1)
                state["training"] = new H5Group { [compiled.GetType().Name] = new H5Group { ["iterations:0"] = new H5Dataset(data: compiled.Iterations) } };
            for (int i = 0; i < slots.Count; i++)
            {
                KerasWeightsFile.Put(state, stateNames[i + first], slots[i]);
                slots[i].Dispose();
            }
            file["optimizer_weights"] = state;
        }
        KerasWeightsFile.Write(path, file, length);
    }

    public static BaseModel Load(string path, bool compile)
    {
        BaseModel? model = null;
        var loaded = new LoadedWeights();
        loaded.Read(path, "a Keras model file", () =>
        {
            using var file = H5File.OpenRead(path);
            if (!file.AttributeExists("model_config") && Keras3WeightsFile.HasKeras3Layout(file))
                throw new InvalidDataException($"'{path}' holds Keras 3 weights only: build the model in code, then LoadWeights (Keras 3 keeps whole models in .keras archives).");
            if (!file.AttributeExists("model_config"))
                throw new InvalidDataException($"'{path}' has no 'model_config' attribute: it holds weights only. Build the model in code, then LoadWeights.");
            model = ModelJson.FromJson(file.Attribute("model_config").Read<string>());
            KerasWeightsFile.ReadLayers(path, (IH5Group)file.Get("model_weights"), model, byName: false, loaded.Values);
            if (!compile || !file.AttributeExists("training_config")) return;
            var training = JsonNode.Parse(file.Attribute("training_config").Read<string>()) as JsonObject
                ?? throw new InvalidDataException($"'{path}': training_config is not a JSON object.");
            Compile(model, training, training["optimizer_config"], path);
            if (!file.LinkExists("optimizer_weights")) return;
            var state = (IH5Group)file.Get("optimizer_weights");
            var names = KerasWeightsFile.ReadNames((IH5Object)state, "weight_names");
            if (names.Length == 0) return;
            var expected = model.Optimizer!.KerasSlotShapes(model.TrainableWeightList).ToList();
            // Keras 2.2 saves SGD's and Adam's iterations first, RMSprop's and Adadelta's not; tf.keras saves them for all.
            int first = names.Length - expected.Count;
            if (first is not (0 or 1))
                throw new InvalidDataException($"'{path}' holds {names.Length} optimizer weights; {model.Optimizer.GetType().Name} keeps {expected.Count} state tensors for this model (and maybe iterations).");
            if (first == 1) loaded.Iterations = ((IH5Dataset)state.Get(names[0])).Read<long>();
            for (int i = 0; i < expected.Count; i++)
            {
                var dataset = (IH5Dataset)state.Get(names[i + first]);
                var dims = dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
                if (!dims.SequenceEqual(expected[i].Dims.Select(d => (long)d)))
                    throw new InvalidDataException($"'{path}': optimizer state '{names[i + first]}' has shape ({string.Join(", ", dims)}), expected {expected[i]}.");
                loaded.Slots.Add(tensor(dataset.Read<float[]>(), dims));
            }
            loaded.HasOptimizerState = loaded.Slots.Count > 0;
        });
        loaded.ApplyTo(model!);
        return model!;
    }

    /// <summary>Compiles as the training_config says: the optimizer's class and arguments, the loss and the metrics.</summary>
    internal static void Compile(BaseModel model, JsonObject config, JsonNode? optimizer, string path)
    {
        var built = OptimizerConfig.FromConfig(optimizer, path);
        string loss = config["loss"] is JsonValue value && value.TryGetValue<string>(out var name)
            ? name : throw new InvalidDataException($"'{path}': only a loss given by name is supported; the file has {config["loss"]?.ToJsonString()}.");
        var metrics = (config["metrics"] as JsonArray)?.Select(m => m!.GetValue<string>()).ToList() ?? new List<string>();
        model.Compile(built, loss, metrics);
    }
}
