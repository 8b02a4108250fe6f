using System.Text.Json;
using System.Text;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// A training checkpoint in one file (<see cref="ChecksummedFile"/>, written atomically): the ASCII magic
/// <c>KSCKPT02</c>, an int32-length UTF-8 JSON header (epoch, History, optimizer iterations, the model's CPU
/// generator's state), then the model's weights and the optimizer's state tensors as <see cref="WeightsFile"/>
/// records, then the SHA-256 trailer. Every field is checked before anything is restored.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("KSCKPT02");
    private static readonly byte[] OldMagic = Encoding.ASCII.GetBytes("KSCKPT01");

    /// <summary>The size of a libtorch CPU generator's state: libtorch aborts the process on a state of another size.</summary>
    private static readonly long StateSize = ReadStateSize();

    private static long ReadStateSize()
    {
        using var generator = new Generator(0, CPU);
        using var state = generator.get_state();
        return state.shape[0];
    }

    private sealed record Header(int Epoch, List<int> Epochs, List<double> EpochTimes, Dictionary<string, List<double>> History,
        long Iterations, string RngState);

    /// <summary>A checkpoint read and checked in full, not yet applied to a model.</summary>
    public sealed class Contents(int epoch, List<int> epochs, List<double> epochTimes, Dictionary<string, List<double>> history,
        long iterations, byte[] rngState, List<Tensor> weights, List<Tensor> slots) : IDisposable
    {
        /// <summary>The last completed epoch (0-based).</summary>
        public int Epoch => epoch;

        internal void ApplyTo(BaseModel model, History target)
        {
            var trainable = model.TrainableWeightList;
            WeightsFile.SetAll(model.Weights, weights);
            int perWeight = trainable.Count == 0 ? 0 : slots.Count / trainable.Count;
            for (int i = 0; i < trainable.Count; i++) model.Optimizer!.SetSlots(trainable[i], slots.GetRange(i * perWeight, perWeight));
            model.Optimizer!.Iterations = iterations;
            model.Random.SetState(rngState);
            for (int i = 0; i < epochs.Count; i++)
                target.Record(epochs[i], history.ToDictionary(kv => kv.Key, kv => kv.Value[i]), epochTimes[i]);
        }

        public void Dispose()
        {
            foreach (var t in weights.Concat(slots)) t.Dispose();
        }
    }

    public static void Save(string path, BaseModel model, int epoch, History history)
    {
        var header = new Header(epoch, history.epoch.ToList(), history.EpochTimes.ToList(),
            history.history.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()), model.Optimizer!.Iterations,
            Convert.ToBase64String(model.Random.GetState()));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        var trainable = model.TrainableWeightList;
        ChecksummedFile.Write(path, writer =>
        {
            writer.Write(Magic);
            writer.Write(json.Length);
            writer.Write(json);
            WeightsFile.WriteRecords(writer, model.Weights.Select(w => (w.Name, w.Get())));
            WeightsFile.WriteRecords(writer, trainable.SelectMany(w => model.Optimizer.GetSlots(w).Select((s, i) => ($"{w.Name}/slot{i}", s.alias()))));
        });
    }

    /// <summary>Reads and checks a checkpoint for <paramref name="model"/>: the checksum, every header field, every record's shape.</summary>
    public static Contents Read(string path, BaseModel model)
    {
        byte[] bytes = WeightsFile.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith(OldMagic))
            throw new InvalidDataException($"'{path}' was written by an older KerasSharp (format KSCKPT01, without a checksum) and cannot be resumed.");
        if (!bytes.AsSpan().StartsWith(Magic))
            throw new InvalidDataException($"'{path}' is not a KerasSharp checkpoint.");
        var trainable = model.TrainableWeightList;
        return ChecksummedFile.Read(path, bytes, reader =>
        {
            reader.ReadBytes(Magic.Length);
            int length = reader.ReadInt32();
            if (length is < 2 or > 64 << 20) throw new InvalidDataException($"'{path}' is damaged (header length {length}).");
            var header = ParseHeader(path, reader.ReadBytes(length));
            byte[] rng = CheckHeader(path, header);
            var weights = WeightsFile.ReadRecords(reader, path, model.Weights.Select(w => w.Shape).ToList(), "weights");
            var slots = WeightsFile.ReadRecords(reader, path, model.Optimizer!.SlotShapes(trainable).ToList(), "optimizer state tensors");
            return new Contents(header.Epoch, header.Epochs, header.EpochTimes, header.History, header.Iterations, rng, weights, slots);
        });
    }

    private static Header ParseHeader(string path, byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<Header>(json) ?? throw new InvalidDataException($"'{path}' has an empty header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has a damaged header: {e.Message}");
        }
    }

    /// <summary>Checks that the header describes a run that could have happened; returns the random state's bytes.</summary>
    private static byte[] CheckHeader(string path, Header h)
    {
        string Bad(string what) => $"'{path}' is damaged: {what}.";
        if (h.Epochs is null || h.EpochTimes is null || h.History is null || h.RngState is null)
            throw new InvalidDataException(Bad("its header lacks a field"));
        if (h.Epochs.Count == 0 || h.Epoch != h.Epochs[^1] || h.Epochs[0] < 0 || h.Epochs.Zip(h.Epochs.Skip(1)).Any(p => p.Second != p.First + 1))
            throw new InvalidDataException(Bad($"epoch {h.Epoch} does not end its consecutive list of epochs ({string.Join(", ", h.Epochs.Take(5))}...)"));
        if (h.EpochTimes.Count != h.Epochs.Count || h.EpochTimes.Any(t => !double.IsFinite(t) || t < 0))
            throw new InvalidDataException(Bad("its epoch times do not match its epochs"));
        if (h.History.Count == 0 || h.History.Any(kv => kv.Value is null || kv.Value.Count != h.Epochs.Count))
            throw new InvalidDataException(Bad("its History does not hold one value per epoch"));
        if (h.Iterations < 0) throw new InvalidDataException(Bad($"optimizer iterations {h.Iterations}"));
        byte[] rng;
        try
        {
            rng = Convert.FromBase64String(h.RngState);
        }
        catch (FormatException)
        {
            throw new InvalidDataException(Bad("its random state is not base64"));
        }
        if (rng.Length != StateSize)
            throw new InvalidDataException(Bad($"its random state has {rng.Length} bytes; libtorch's has {StateSize}"));
        return rng;
    }
}
