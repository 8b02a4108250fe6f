using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Keras.Models;
using Keras.Optimizers;
using Keras.Utils;
using PureHDF;

namespace Keras.Saving;

/// <summary>
/// Keras 3's <c>.keras</c> archive, as <c>model.save('m.keras')</c> writes it: a zip of <c>metadata.json</c>
/// (<c>keras_version</c>, <c>date_saved</c>), <c>config.json</c> (the model serialized as Keras 3 does, with its
/// <c>compile_config</c>) and <c>model.weights.h5</c> (<see cref="Keras3Weights"/>'s layout). Loading rebuilds the
/// model, compiles it as saved and restores the optimizer's state, so that Fit continues. The archive is read with
/// limits: its JSON entries at most 64 MiB, its weights no more bytes than the archive declares for them.
/// </summary>
internal static class Keras3Archive
{
    /// <summary>The Keras release whose format the archive follows: the first Keras 3, which every later one reads.</summary>
    public const string FormatVersion = "3.0.0";

    private const long JsonLimit = 64L << 20;

    public static void Save(string path, BaseModel model)
    {
        var compile = model.Optimizer is null ? null : TrainingConfig.Keras3(model);
        var metadata = new JsonObject
        {
            ["keras_version"] = FormatVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
        };
        string config = ModelJson.Keras3Config(model, compile).ToJsonString();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Entry(zip, "metadata.json", content => content.Write(Encoding.UTF8.GetBytes(metadata.ToJsonString())));
            Entry(zip, "config.json", content => content.Write(Encoding.UTF8.GetBytes(config)));
            // PureHDF writes to a seekable stream; the zip entry is not one, so the weights pass through a temporary file.
            Entry(zip, "model.weights.h5", content =>
            {
                using var weights = TemporaryFile();
                Keras3Weights.Build(model).Write(weights);
                weights.Position = 0;
                weights.CopyTo(content);
            });
        });
    }

    /// <summary>A temporary file, deleted when closed.</summary>
    private static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"kerassharp-{Environment.ProcessId}-{Guid.NewGuid():N}.weights.h5"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    private static void Entry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(entry);
    }

    public static BaseModel Load(string path, bool compile)
    {
        BaseModel? model = null;
        var loaded = new LoadedState();
        loaded.Read(path, "a Keras 3 .keras archive", () =>
        {
            using var zip = OpenArchive(path);
            var config = ModelJson.ParseObject(ReadJson(path, zip, "config.json"), "config.json", path);
            model = ModelJson.FromConfig(config, $"'{path}'");
            if (compile && config["compile_config"] is JsonObject training)
                TrainingConfig.Compile(model, training, training["optimizer"], path);
            ReadWeights(path, zip, model, loaded);
        });
        loaded.ApplyTo(model!);
        return model!;
    }

    /// <summary>Loads the weights of a <c>.keras</c> archive into a model of the same architecture, as Keras 3's load_weights does.</summary>
    public static void LoadWeights(string path, BaseModel model)
    {
        var loaded = new LoadedState();
        loaded.Read(path, "a Keras 3 .keras archive", () =>
        {
            using var zip = OpenArchive(path);
            ReadWeights(path, zip, model, loaded);
        });
        loaded.ApplyTo(model);
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return new ZipArchive(SafeFile.OpenRead(path), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a .keras archive (a zip file): {e.Message}", e);
        }
    }

    private static ZipArchiveEntry Find(string path, ZipArchive zip, string name) => zip.GetEntry(name)
        ?? throw new InvalidDataException($"'{path}' has no {name}: a .keras archive holds metadata.json, config.json and model.weights.h5.");

    private static string ReadJson(string path, ZipArchive zip, string name)
    {
        var entry = Find(path, zip, name);
        if (entry.Length > JsonLimit) throw new InvalidDataException($"'{path}': {name} declares {entry.Length} bytes, more than a model config needs ({JsonLimit} at most).");
        using var reader = new StreamReader(new BoundedStream(entry.Open(), entry.Length, path, name), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void ReadWeights(string path, ZipArchive zip, BaseModel model, LoadedState loaded)
    {
        var entry = Find(path, zip, "model.weights.h5");
        // The weights the config asks for, as float64 with an optimizer's three state tensors per weight at most, and
        // room for HDF5's own bookkeeping: an entry declaring more is damaged or a bomb, refused before it is unpacked.
        long needed = checked(model.CountParams() * 8 * 4 + (16L << 20));
        if (entry.Length > needed)
            throw new InvalidDataException($"'{path}': model.weights.h5 declares {PyFormat.Thousands(entry.Length)} bytes, more than the {PyFormat.Thousands(model.CountParams())} weights of its config can take ({PyFormat.Thousands(needed)} bytes at most).");
        // PureHDF needs a seekable stream; the weights go to a temporary file that is deleted when closed.
        using var copy = TemporaryFile();
        using (var source = new BoundedStream(entry.Open(), entry.Length, path, "model.weights.h5")) source.CopyTo(copy);
        copy.Position = 0;
        using var file = H5File.Open(copy, leaveOpen: true);
        Keras3Weights.Read(path, file, model, loaded);
    }

    /// <summary>An archive entry's data, refused beyond the size the archive declares for it (a zip bomb's trick).</summary>
    private sealed class BoundedStream(Stream inner, long limit, string path, string name) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > limit) throw new InvalidDataException($"'{path}': {name} holds more data than the archive declares ({limit} bytes); the archive is damaged.");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
