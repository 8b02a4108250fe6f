using System.Text;
using Keras.Layers;
using static TorchSharp.torch;

namespace Keras.Models;

/// <summary>
/// KerasSharp's weights file: little-endian; the ASCII magic <c>KSWEIGHT</c>, int32 version (1), int32
/// weight count, then per weight: int32 name length, UTF-8 name, int32 rank, int32 dims (Keras layout),
/// float32 values in row-major order. Written to a temporary file beside the target and renamed, so a
/// crash never leaves a half-written file under the real name.
/// </summary>
internal static class WeightsFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("KSWEIGHT");
    private const int Version = 1;

    internal static void Save(string path, IReadOnlyList<Weight> weights)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(weights.Count);
                foreach (var w in weights)
                {
                    byte[] name = Encoding.UTF8.GetBytes(w.Name);
                    writer.Write(name.Length);
                    writer.Write(name);
                    writer.Write(w.Shape.Rank);
                    foreach (int d in w.Shape.Dims) writer.Write(d);
                    using var value = w.Get().to(ScalarType.Float32);
                    writer.Write(value.bytes);
                }
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    internal static void Load(string path, IReadOnlyList<Weight> weights)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No weights file at '{path}'.", path);
        var values = new List<Tensor>();
        try
        {
            using (var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8))
            {
                try
                {
                    if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic))
                        throw new InvalidDataException($"'{path}' is not a KerasSharp weights file (it lacks the KSWEIGHT header).");
                    int version = reader.ReadInt32();
                    if (version != Version) throw new InvalidDataException($"'{path}' has weights format version {version}; this KerasSharp reads version {Version}.");
                    int count = reader.ReadInt32();
                    if (count != weights.Count)
                        throw new InvalidDataException($"'{path}' holds {count} weights, but the model has {weights.Count}: it was saved from a different architecture.");
                    foreach (var w in weights)
                    {
                        int nameLength = reader.ReadInt32();
                        if (nameLength is < 0 or > 4096) throw new InvalidDataException($"'{path}' is damaged (name length {nameLength}).");
                        string name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
                        int rank = reader.ReadInt32();
                        if (rank is < 0 or > 8) throw new InvalidDataException($"'{path}' is damaged (rank {rank} for '{name}').");
                        var dims = Enumerable.Range(0, rank).Select(_ => reader.ReadInt32()).ToArray();
                        if (!dims.SequenceEqual(w.Shape.Dims))
                            throw new InvalidDataException(
                                $"Weight '{name}' in '{path}' has shape {Shape.PythonTuple(dims.Select(d => d.ToString()))}, " +
                                $"but the model's weight '{w.Name}' at that position has shape {w.Shape}: the architectures differ.");
                        long bytes = w.Shape.Size * sizeof(float);
                        byte[] data = reader.ReadBytes(checked((int)bytes));
                        if (data.Length != bytes) throw new EndOfStreamException();
                        var t = empty(dims.Select(d => (long)d).ToArray(), ScalarType.Float32);
                        t.bytes = data;
                        values.Add(t);
                    }
                }
                catch (EndOfStreamException)
                {
                    throw new InvalidDataException($"'{path}' ends early: the weights file is truncated.");
                }
            }
            // Only after the whole file was read and checked is the model touched.
            for (int i = 0; i < weights.Count; i++) weights[i].Set(values[i]);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
