using System.Text;
using System.Text.Json;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;

namespace Keras.Saving;

/// <summary>
/// A training checkpoint in one file (<see cref="ChecksummedFile"/>, written atomically): the ASCII magic
/// <c>KSCKPT03</c> (01 and 02, older, still read), an int32-length UTF-8 JSON header (epoch, History, optimizer iterations, the model's CPU
/// generator's state), then the model's weights and the optimizer's state tensors as <see cref="KerasSharpWeights"/>
/// records, then the SHA-256 trailer. Every field is checked before anything is restored.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("KSCKPT03");
    private static readonly byte[][] OldMagics = { Encoding.ASCII.GetBytes("KSCKPT01"), Encoding.ASCII.GetBytes("KSCKPT02") };

    /// <summary>A diverged run's History holds NaN and infinities: written as JSON's named literals, and read back.</summary>
    private static readonly JsonSerializerOptions HeaderJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed record Header(int Epoch, List<int> Epochs, List<double> EpochTimes, Dictionary<string, List<double>> History,
        long Iterations, string RngState);

    /// <summary>A checkpoint read and checked in full, not yet applied to a model.</summary>
    public sealed class Contents(int epoch, List<int> epochs, List<double> epochTimes, Dictionary<string, List<double>> history,
        byte[] rngState, LoadedState state) : IDisposable
    {
        private bool _applied;

        /// <summary>The last completed epoch (0-based).</summary>
        public int Epoch => epoch;

        internal void ApplyTo(BaseModel model, History target)
        {
            _applied = true;
            state.ApplyTo(model);
            model.Random.SetState(rngState);
            for (int i = 0; i < epochs.Count; i++)
                target.Record(epochs[i], history.ToDictionary(kv => kv.Key, kv => kv.Value[i]), epochTimes[i]);
        }

        public void Dispose()
        {
            if (_applied) return;
            state.DisposeAll();
        }
    }

    public static void Save(string path, BaseModel model, int epoch, History history)
    {
        var header = new Header(epoch, history.epoch.ToList(), history.EpochTimes.ToList(),
            history.history.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()), model.Optimizer!.Iterations,
            Convert.ToBase64String(model.Random.GetState()));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, HeaderJson);
        var trainable = model.TrainableWeightList;
        ChecksummedFile.Write(path, writer =>
        {
            writer.Write(Magic);
            writer.Write(json.Length);
            writer.Write(json);
            KerasSharpWeights.WriteRecords(writer, model.Weights.Select(w => (w.Name, w.Get())));
            var state = model.Optimizer.GetState(trainable).ToList();
            KerasSharpWeights.WriteRecords(writer, state.Select((s, i) => ($"{trainable[i / model.Optimizer.StateCount].Name}/slot{i % model.Optimizer.StateCount}", s)));
        });
    }

    /// <summary>Reads and checks a checkpoint for <paramref name="model"/>: the checksum, every header field, every record's shape.</summary>
    public static Contents Read(string path, BaseModel model)
    {
        byte[] bytes = SafeFile.ReadAllBytes(path);
        if (OldMagics.Any(m => bytes.AsSpan().StartsWith(m)))
            throw new InvalidDataException($"'{path}' was written by an older KerasSharp (format {Encoding.ASCII.GetString(bytes, 0, 8)}) and cannot be resumed.");
        if (!bytes.AsSpan().StartsWith(Magic))
            throw new InvalidDataException($"'{path}' is not a KerasSharp checkpoint.");
        var trainable = model.TrainableWeightList;
        var state = new LoadedState();
        try
        {
            return ChecksummedFile.Read(path, bytes, reader =>
            {
                reader.ReadBytes(Magic.Length);
                int length = reader.ReadInt32();
                if (length is < 2 or > 64 << 20) throw new InvalidDataException($"'{path}' is damaged (header length {length}).");
                var header = ParseHeader(path, reader.ReadBytes(length));
                byte[] rng = CheckHeader(path, header);
                state.Iterations = header.Iterations;
                state.Values.AddRange(model.Weights.Zip(KerasSharpWeights.ReadRecords(reader, path, model.Weights.Select(w => w.Shape).ToList(), "weights")));
                state.OptimizerState = KerasSharpWeights.ReadRecords(reader, path, model.Optimizer!.StateShapes(trainable).ToList(), "optimizer state tensors");
                return new Contents(header.Epoch, header.Epochs, header.EpochTimes, header.History, rng, state);
            });
        }
        catch
        {
            // Also when ChecksummedFile refuses bytes left after the records, which it finds only once they are read.
            state.DisposeAll();
            throw;
        }
    }

    private static Header ParseHeader(string path, byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<Header>(json, HeaderJson) ?? throw new InvalidDataException($"'{path}' has an empty header.");
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
        if (rng.Length != RandomState.StateSize)
            throw new InvalidDataException(Bad($"its random state has {rng.Length} bytes; libtorch's has {RandomState.StateSize}"));
        return rng;
    }
}
