using System.Text;
using Keras.Layers;
using Keras.Models;
using Keras.Utils;
using static TorchSharp.torch;

namespace Keras.Saving;

/// <summary>
/// KerasSharp's weights file: little-endian; the ASCII magic <c>KSWEIGHT</c>, int32 version (2), int32
/// weight count, then per weight a record: int32 name length, UTF-8 name, int32 rank, int32 dims (Keras
/// layout), float32 values in row-major order; then the <see cref="ChecksummedFile"/> trailer (SHA-256), which
/// version 1 lacked (version 1 files are still read). Written atomically, so a crash never leaves a half-written
/// file under the real name.
/// </summary>
internal static class KerasSharpWeights
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("KSWEIGHT");
    private const int Version = 2, UncheckedVersion = 1;

    internal static void Save(string path, IReadOnlyList<Weight> weights) =>
        ChecksummedFile.Write(path, writer =>
        {
            writer.Write(Magic);
            writer.Write(Version);
            WriteRecords(writer, weights.Select(w => (w.Name, w.Get())));
        });

    internal static void Load(string path, BaseModel model)
    {
        var weights = model.Weights;
        byte[] bytes = SafeFile.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a KerasSharp weights file (it lacks the KSWEIGHT header).");
        int version = BitConverter.ToInt32(bytes, Magic.Length);
        var loaded = new LoadedState();
        LoadedState Records(BinaryReader reader)
        {
            reader.ReadBytes(Magic.Length + 4);
            loaded.Values.AddRange(weights.Zip(ReadRecords(reader, path, weights.Select(w => w.Shape).ToList(), "weights")));
            return loaded;
        }
        try
        {
            switch (version)
            {
                case Version: ChecksummedFile.Read(path, bytes, Records); break;
                case UncheckedVersion: ReadUnchecked(path, bytes, Records); break;
                default: throw new InvalidDataException($"'{path}' has weights format version {version}; this KerasSharp reads versions {UncheckedVersion} and {Version}.");
            }
        }
        catch
        {
            // Also when ChecksummedFile refuses bytes left after the records, which it finds only once they are read.
            loaded.DisposeAll();
            throw;
        }
        loaded.ApplyTo(model);
    }

    /// <summary>Parses a version 1 file, which has no checksum, turning a premature end into an error that says it is truncated.</summary>
    private static T ReadUnchecked<T>(string path, byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            return read(reader);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' ends early: the file is truncated.");
        }
    }

    /// <summary>Writes a count, then each record; the record tensors are the writer's to dispose (pass copies or aliases).</summary>
    internal static void WriteRecords(BinaryWriter writer, IEnumerable<(string Name, Tensor Value)> records)
    {
        var list = records.ToList();
        writer.Write(list.Count);
        foreach (var (name, value) in list)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            writer.Write(utf8.Length);
            writer.Write(utf8);
            writer.Write((int)value.dim());
            foreach (long d in value.shape) writer.Write(checked((int)d));
            using var data = value.to(ScalarType.Float32).cpu().contiguous();
            writer.Write(data.bytes);
            value.Dispose();
        }
    }

    /// <summary>Reads records and checks them against the expected shapes; the caller owns the tensors.</summary>
    internal static List<Tensor> ReadRecords(BinaryReader reader, string path, IReadOnlyList<Shape> expected, string what)
    {
        int count = reader.ReadInt32();
        if (count != expected.Count)
            throw new InvalidDataException($"'{path}' holds {count} {what}, but the model has {expected.Count}: it was saved from a different architecture.");
        var values = new List<Tensor>();
        try
        {
            foreach (var shape in expected)
            {
                int nameLength = reader.ReadInt32();
                if (nameLength is < 0 or > 4096) throw new InvalidDataException($"'{path}' is damaged (name length {nameLength}).");
                string name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
                int rank = reader.ReadInt32();
                if (rank is < 0 or > 8) throw new InvalidDataException($"'{path}' is damaged (rank {rank} for '{name}').");
                var dims = Enumerable.Range(0, rank).Select(_ => reader.ReadInt32()).ToArray();
                if (!dims.SequenceEqual(shape.Dims))
                    throw new InvalidDataException(
                        $"'{name}' in '{path}' has shape {Shape.PythonTuple(dims.Select(d => d.ToString()))}, " +
                        $"but the model's {what} at that position has shape {shape}: the architectures differ.");
                long bytes = shape.Size * sizeof(float);
                byte[] data = reader.ReadBytes(checked((int)bytes));
                if (data.Length != bytes) throw new EndOfStreamException();
                var t = empty(dims.Select(d => (long)d).ToArray(), ScalarType.Float32);
                t.bytes = data;
                values.Add(t);
            }
            return values;
        }
        catch
        {
            foreach (var v in values) v.Dispose();
            throw;
        }
    }
}
