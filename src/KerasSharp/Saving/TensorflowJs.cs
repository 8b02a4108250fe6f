using System.Text.Json.Nodes;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// TensorFlow.js's layers-model format, as the tensorflowjs converter writes a Keras model: <c>model.json</c> holds
/// <c>format: "layers-model"</c>, the model's Keras JSON as <c>modelTopology</c> (with its training config once
/// compiled) and a <c>weightsManifest</c> of one group per layer, each weight named as Keras names it without
/// <c>:0</c> (<c>conv2d_1/kernel</c>); the group's weights follow each other, little-endian float32, split into shard
/// files of at most 4 MB (<c>group1-shard1of2.bin</c>...). With quantization each weight is stored as uint16 with the
/// manifest's <c>min</c> and <c>scale</c> (value = q x scale + min), half the size. TensorFlow.js computes in float32, so
/// a mixed_bfloat16 model is written with float32 layers.
/// </summary>
internal static class TensorflowJs
{
    public const int ShardBytes = 4 << 20;

    private const string ModelFile = "model.json";

    public static void Save(string directory, BaseModel model, bool quantize)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (File.Exists(directory)) throw new IOException($"'{directory}' is a file; SaveTensorflowJSFormat writes a folder (model.json and its weight shards).");
        // A model with what tfjs-layers 4.22 lacks would be written but never load: refused before anything is written.
        foreach (var layer in Everything(model.Layers))
            if (Unsupported(layer) is string why)
                throw new NotSupportedException($"TensorFlow.js {why}, so this model (layer '{layer.Name}') cannot run there.");
        Directory.CreateDirectory(directory);
        var manifest = new JsonArray();
        var shards = new List<string>();
        int group = 0;
        foreach (var layer in model.Layers.Where(l => l.Weights.Count > 0))
        {
            group++;
            var specs = new JsonArray();
            using var bytes = new MemoryStream();
            foreach (var weight in layer.Weights)
            {
                using var value = weight.Get();
                var spec = new JsonObject
                {
                    ["name"] = weight.Name.EndsWith(":0", StringComparison.Ordinal) ? weight.Name[..^2] : weight.Name,
                    ["shape"] = new JsonArray(weight.Shape.Dims.Select(d => (JsonNode)d).ToArray()),
                    ["dtype"] = "float32",
                };
                var values = value.to_type(ScalarType.Float32).data<float>().ToArray();
                if (quantize) spec["quantization"] = Quantized(values, bytes);
                else bytes.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                specs.Add(spec);
            }
            var data = bytes.ToArray();
            int count = Math.Max(1, (data.Length + ShardBytes - 1) / ShardBytes);
            var paths = new JsonArray();
            for (int s = 0; s < count; s++)
            {
                string name = $"group{group}-shard{s + 1}of{count}.bin";
                int start = s * ShardBytes;
                AtomicFile.Write(Path.Combine(directory, name), stream => stream.Write(data, start, Math.Min(ShardBytes, data.Length - start)));
                paths.Add(name);
                shards.Add(name);
            }
            manifest.Add(new JsonObject { ["paths"] = paths, ["weights"] = specs });
        }
        var topology = new JsonObject
        {
            ["keras_version"] = ModelJson.KerasVersion,
            ["backend"] = "tensorflow",
            ["model_config"] = Float32(ModelJson.Config(model)),
        };
        if (model.Optimizer is not null) topology["training_config"] = TrainingConfig.Keras2(model);
        var modelJson = new JsonObject
        {
            ["format"] = "layers-model",
            ["generatedBy"] = $"keras v{ModelJson.KerasVersion}",
            ["convertedBy"] = "KerasSharp",
            ["modelTopology"] = topology,
            ["weightsManifest"] = manifest,
        };
        // model.json last, so that it never names a shard that is not there; then shards of an earlier export go.
        AtomicFile.WriteAllText(Path.Combine(directory, ModelFile), modelJson.ToJsonString());
        foreach (string stale in Directory.EnumerateFiles(directory, "group*-shard*of*.bin").Where(f => !shards.Contains(Path.GetFileName(f))))
            File.Delete(stale);
    }

    /// <summary>What TensorFlow.js lacks of a layer, or null.</summary>
    private static string? Unsupported(Layers.Layer layer) => layer switch
    {
        Layers.Subtract => "has no Subtract layer (add the negated input with Add instead)",
        Layers.Conv1D { Padding: "causal" } => "has no causal padding for Conv1D",
        Layers.GRU { ResetAfter: true } => "has no GRU with reset_after (Keras 2.2's reset_after=false runs there)",
        _ => null,
    };

    /// <summary>The layers and the layers they wrap, nested models' included.</summary>
    private static IEnumerable<Layers.Layer> Everything(IEnumerable<Layers.Layer> layers) => layers.SelectMany(l => l switch
    {
        BaseModel nested => Everything(nested.Layers),
        Layers.TimeDistributed wrapper => new[] { l }.Concat(Everything(new[] { wrapper.Inner })),
        Layers.Bidirectional both => new[] { l, both.Forward },
        _ => new[] { l },
    });

    /// <summary>Affine uint16 quantization over the weight's range, as the converter's <c>quantization_dtype=uint16</c>.</summary>
    private static JsonObject Quantized(float[] values, Stream output)
    {
        float min = values.Length == 0 ? 0 : values.Min(), max = values.Length == 0 ? 0 : values.Max();
        double scale = max > min ? ((double)max - min) / ushort.MaxValue : 1.0;
        var quantized = values.Select(v => (ushort)Math.Clamp(Math.Round((v - (double)min) / scale), 0, ushort.MaxValue)).ToArray();
        output.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantized.AsSpan()));
        return new JsonObject { ["dtype"] = "uint16", ["min"] = min, ["scale"] = scale };
    }

    /// <summary>The config with every layer's dtype policy object replaced by "float32", TensorFlow.js's only compute type.</summary>
    private static JsonObject Float32(JsonObject config)
    {
        void Visit(JsonNode? node)
        {
            if (node is JsonArray array)
                foreach (var item in array) Visit(item);
            if (node is not JsonObject obj) return;
            foreach (var key in obj.Select(p => p.Key).ToList())
                if (key == "dtype" && obj[key] is JsonObject) obj[key] = "float32";
                else Visit(obj[key]);
        }
        Visit(config);
        return config;
    }
}
