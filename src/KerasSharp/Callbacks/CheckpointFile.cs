using System.Text;
using System.Text.Json;
using Keras.Layers;
using Keras.Models;
using static TorchSharp.torch;

namespace Keras.Callbacks;

/// <summary>
/// A training checkpoint in one file, written atomically: the ASCII magic <c>KSCKPT01</c>, an int32-length
/// UTF-8 JSON header (epoch, History, optimizer iterations, the CPU random generator's state), then the
/// model's weights and the optimizer's state tensors as <see cref="WeightsFile"/> records.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("KSCKPT01");

    private sealed record Header(int Epoch, List<int> Epochs, List<double> EpochTimes, Dictionary<string, List<double>> History,
        long Iterations, string RngState);

    public static void Save(string path, Sequential model, int epoch, History history)
    {
        var header = new Header(epoch, history.epoch.ToList(), history.EpochTimes.ToList(),
            history.history.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()), model.Optimizer!.Iterations,
            Convert.ToBase64String(get_rng_state().data<byte>().ToArray()));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        var trainable = model.TrainableWeightList;
        WeightsFile.AtomicWrite(path, writer =>
        {
            writer.Write(Magic);
            writer.Write(json.Length);
            writer.Write(json);
            WeightsFile.WriteRecords(writer, model.WeightList.Select(w => (w.Name, w.Get())));
            WeightsFile.WriteRecords(writer, trainable.SelectMany(w => model.Optimizer.GetSlots(w).Select((s, i) => ($"{w.Name}/slot{i}", s.alias()))));
        });
    }

    /// <summary>Restores the model, optimizer and random state; returns the last completed epoch and fills <paramref name="history"/>.</summary>
    public static int Load(string path, Sequential model, History history)
    {
        var trainable = model.TrainableWeightList;
        var (header, weights, slots) = WeightsFile.Read(path, reader =>
        {
            if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not a KerasSharp checkpoint.");
            int length = reader.ReadInt32();
            if (length is < 2 or > 64 << 20) throw new InvalidDataException($"'{path}' is damaged (header length {length}).");
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(length))
                ?? throw new InvalidDataException($"'{path}' has an empty header.");
            var weights = WeightsFile.ReadRecords(reader, path, model.WeightList.Select(w => w.Shape).ToList(), "weights");
            var slots = WeightsFile.ReadRecords(reader, path, model.Optimizer!.SlotShapes(trainable).ToList(), "optimizer state tensors");
            return (header, weights, slots);
        });
        WeightsFile.SetAll(model.WeightList, weights);
        int perWeight = trainable.Count == 0 ? 0 : slots.Count / trainable.Count;
        for (int i = 0; i < trainable.Count; i++) model.Optimizer!.SetSlots(trainable[i], slots.GetRange(i * perWeight, perWeight));
        foreach (var s in slots) s.Dispose();
        model.Optimizer!.Iterations = header.Iterations;
        using (var state = tensor(Convert.FromBase64String(header.RngState))) set_rng_state(state);
        for (int i = 0; i < header.Epochs.Count; i++)
            history.Record(header.Epochs[i], header.History.Where(kv => i < kv.Value.Count).ToDictionary(kv => kv.Key, kv => kv.Value[i]), header.EpochTimes[i]);
        return header.Epoch;
    }
}
