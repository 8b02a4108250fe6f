using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keras.Callbacks;
using Keras.Layers;
using Keras.Models;
using Keras.Optimizers;

namespace KerasSharp.Tests;

/// <summary>
/// Weights files and checkpoints that were damaged, edited or left behind: each is refused with an error that names
/// the file and says what is wrong, before anything is changed; libtorch is never handed a value it would abort on.
/// </summary>
public class DamagedFileTests : SessionScopedTest
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-damaged-").FullName;

    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(4, activation: "relu", input_shape: 3));
        model.Add(new Dense(2, activation: "softmax"));
        model.Compile(new SGD(lr: 0.1, momentum: 0.9), "categorical_crossentropy", new[] { "accuracy" });
        return model;
    }

    private static (TorchSharp.torch.Tensor X, TorchSharp.torch.Tensor Y) Data() =>
        (TorchSharp.torch.rand(16, 3), Keras.Utils.Util.ToCategorical(TorchSharp.torch.arange(16) % 2, 2));

    /// <summary>The file's content with a fresh trailer, as someone who edited it and fixed the checksum would write it.</summary>
    private static byte[] Resealed(byte[] content) =>
        content.Concat(Encoding.ASCII.GetBytes("KSSHA256")).Concat(SHA256.HashData(content)).ToArray();

    private static byte[] Content(byte[] file) => file[..^40];

    private static InvalidDataException LoadError(string path) => Assert.Throws<InvalidDataException>(() => Model().LoadWeights(path));

    [Fact]
    public void Changed_appended_or_nan_bytes_in_a_weights_file_fail_its_checksum()
    {
        string path = Path.Combine(Folder(), "w.weights");
        Model().SaveWeights(path);
        byte[] good = File.ReadAllBytes(path);

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum does not match", LoadError(path).Message);

        File.WriteAllBytes(path, good.Concat(new byte[] { 1, 2, 3 }).ToArray());
        Assert.Contains("has bytes appended", LoadError(path).Message); // the trailer is no longer at the end

        byte[] nan = (byte[])good.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nan, good.Length - 60);
        File.WriteAllBytes(path, nan);
        var e = LoadError(path);
        Assert.Contains(path, e.Message);
        Assert.Contains("checksum", e.Message);

        File.WriteAllBytes(path, Resealed(Content(good).Concat(new byte[] { 0 }).ToArray()));
        Assert.Contains("1 unexpected bytes follow", LoadError(path).Message);
    }

    [Fact]
    public void A_weights_file_or_checkpoint_refused_for_bytes_after_its_records_frees_the_tensors_it_read()
    {
        string weights = Path.Combine(Folder(), "w.weights");
        var model = Model();
        model.SaveWeights(weights);
        File.WriteAllBytes(weights, Resealed(Content(File.ReadAllBytes(weights)).Concat(new byte[] { 0 }).ToArray()));
        var (checkpoint, header, rewrite) = Checkpoint();
        File.WriteAllBytes(checkpoint, Resealed(Content(rewrite(header)).Concat(new byte[] { 0 }).ToArray()));
        void Refuse()
        {
            Assert.Contains("1 unexpected bytes follow", Assert.Throws<InvalidDataException>(() => model.LoadWeights(weights)).Message);
            Assert.Contains("1 unexpected bytes follow", Assert.Throws<InvalidDataException>(() => Keras.Saving.CheckpointFile.Read(checkpoint, model)).Message);
        }
        Refuse(); // the model may make what it keeps on a first read
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Refuse();
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Version_1_weights_files_without_a_checksum_still_load()
    {
        string path = Path.Combine(Folder(), "old.weights");
        var source = Model();
        source.SaveWeights(path);
        byte[] content = Content(File.ReadAllBytes(path));
        BitConverter.GetBytes(1).CopyTo(content, 8);
        File.WriteAllBytes(path, content);
        var target = Model();
        target.LoadWeights(path);
        Assert.True(source.GetWeights()[0].allclose(target.GetWeights()[0], rtol: 0, atol: 0));
    }

    /// <summary>A real checkpoint after one epoch, its JSON header, and a way to write it back with a changed header.</summary>
    private static (string Path, JsonObject Header, Func<JsonObject, byte[]> Rewrite) Checkpoint()
    {
        var backup = new BackupAndRestore(Folder());
        var (x, y) = Data();
        Model().Fit(x, y, epochs: 2, verbose: 0, callbacks: new Callback[] { backup, new StopAfterFirstEpoch() });
        byte[] content = Content(File.ReadAllBytes(backup.CheckpointPath));
        int length = BitConverter.ToInt32(content, 8);
        var header = JsonNode.Parse(content.AsSpan(12, length))!.AsObject();
        byte[] records = content[(12 + length)..];
        byte[] Rewrite(JsonObject changed)
        {
            byte[] json = Encoding.UTF8.GetBytes(changed.ToJsonString());
            return Resealed(Encoding.ASCII.GetBytes("KSCKPT03").Concat(BitConverter.GetBytes(json.Length)).Concat(json).Concat(records).ToArray());
        }
        return (backup.CheckpointPath, header, Rewrite);
    }

    private sealed class StopAfterFirstEpoch : Callback
    {
        protected internal override bool NeedsBatchValues => false;

        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Model!.StopTraining = true;
    }

    private static InvalidDataException ResumeError(string checkpoint)
    {
        var (x, y) = Data();
        var model = Model();
        var before = model.GetWeights()[0];
        var e = Assert.Throws<InvalidDataException>(() =>
            model.Fit(x, y, epochs: 3, verbose: 0, callbacks: new Callback[] { new BackupAndRestore(Path.GetDirectoryName(checkpoint)!) }));
        Assert.True(before.allclose(model.GetWeights()[0], rtol: 0, atol: 0)); // nothing was restored
        Assert.Contains(checkpoint, e.Message);
        Assert.Contains("delete", e.Message);
        return e;
    }

    [Theory]
    [InlineData("Epoch", -7, "epoch -7 does not end")]
    [InlineData("Epoch", 1000000, "epoch 1000000 does not end")]
    [InlineData("Iterations", -1, "optimizer iterations -1")]
    public void Checkpoint_headers_that_describe_no_possible_run_are_refused(string field, int value, string message)
    {
        var (path, header, rewrite) = Checkpoint();
        header[field] = value;
        File.WriteAllBytes(path, rewrite(header));
        Assert.Contains(message, ResumeError(path).Message);
    }

    [Fact]
    public void A_random_state_of_the_wrong_size_is_refused_instead_of_aborting_the_process()
    {
        var (path, header, rewrite) = Checkpoint();
        header["RngState"] = Convert.ToBase64String(new byte[10]);
        File.WriteAllBytes(path, rewrite(header));
        Assert.Contains("random state has 10 bytes", ResumeError(path).Message);
    }

    [Fact]
    public void Damaged_checkpoints_are_refused_whatever_the_damage()
    {
        var (path, header, rewrite) = Checkpoint();
        byte[] good = File.ReadAllBytes(path);
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length - 100] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum does not match", ResumeError(path).Message);

        File.WriteAllBytes(path, good[..^7]);
        Assert.Contains("truncated", ResumeError(path).Message);

        header.Remove("History");
        File.WriteAllBytes(path, rewrite(header));
        Assert.Contains("lacks a field", ResumeError(path).Message);

        byte[] badJson = Resealed(Encoding.ASCII.GetBytes("KSCKPT03").Concat(BitConverter.GetBytes(5)).Concat(Encoding.ASCII.GetBytes("{\"Ep")).Append((byte)'}').ToArray());
        File.WriteAllBytes(path, badJson);
        Assert.Contains("damaged header", ResumeError(path).Message);
    }

    [Fact]
    public void Temporary_files_of_a_killed_writer_are_removed_by_the_next_write()
    {
        string folder = Folder();
        string path = Path.Combine(folder, "w.weights");
        string stale = Path.Combine(folder, ".w.weights.2147483646.0123456789abcdef0123456789abcdef.tmp");
        string live = Path.Combine(folder, $".w.weights.{Environment.ProcessId}.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(stale, new byte[1000]);
        File.WriteAllBytes(live, new byte[10]);
        Model().SaveWeights(path);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live)); // its writer (this process) still runs
        Assert.Equal(new[] { ".w.weights." + Environment.ProcessId + ".0123456789abcdef0123456789abcdef.tmp", "w.weights" },
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
