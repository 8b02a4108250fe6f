using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Keras.Datasets;

namespace KerasSharp.Tests;

/// <summary>
/// Hostile and damaged dataset files, made here byte by byte: each reader answers with an InvalidDataException that
/// names the file and what is wrong (never a raw .NET exception), and a file that declares more than it holds is
/// refused before the memory is taken (allocation measured on this thread).
/// </summary>
public class HostileReaderTests
{
    private static string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-hostile-").FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs a read that must fail cleanly, and returns its message and the bytes it allocated.</summary>
    private static (string Message, long Allocated) Refused(Action read, string file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(file, e.Message);
        return (e.Message, allocated);
    }

    // Pickle opcodes: PROTO 2, then the body, then STOP.
    private static byte[] Pickle(params byte[][] body) => new byte[] { 0x80, 2 }.Concat(body.SelectMany(b => b)).Append((byte)'.').ToArray();
    private static byte[] Op(char op, params byte[] args) => new[] { (byte)op }.Concat(args).ToArray();
    private static byte[] Int32Le(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }
    private static byte[] Int64Le(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }
    private static byte[] Unicode(string s) => Op('X', Int32Le(Encoding.UTF8.GetByteCount(s)).Concat(Encoding.UTF8.GetBytes(s)).ToArray());

    private static (string Message, long Allocated) PickleRefused(byte[] pickle)
    {
        string path = Write("data_batch_1", pickle);
        return Refused(() => { using var s = File.OpenRead(path); PickleReader.Load(s, path); }, path);
    }

    public static TheoryData<string, byte[], string> Pickles => new()
    {
        { "BINUNICODE8 of 2^40 bytes", Pickle(new byte[] { 0x8d }.Concat(Int64Le(1L << 40)).ToArray()), "declares a string of 1099511627776 bytes" },
        { "BINBYTES of int.MaxValue", Pickle(Op('B', Int32Le(int.MaxValue))), $"declares a string of {int.MaxValue} bytes" },
        { "negative BINBYTES", Pickle(Op('B', Int32Le(-5))), "negative length" },
        { "truncated", Pickle(Op('X', Int32Le(10)))[..^1], "truncated" },
        { "TUPLE2 on an empty stack", Pickle(new byte[] { 0x86 }), "stack is empty" },
        { "REDUCE with a string for arguments", Pickle(Op('c', Encoding.ASCII.GetBytes("numpy\ndtype\n")), Unicode("u1"), Op('R')), "damaged near byte" },
        { "STACK_GLOBAL of integers", Pickle(Op('K', 1), Op('K', 2), new byte[] { 0x93 }), "damaged near byte" },
        { "a name without its newline", Pickle(Op('c', Enumerable.Repeat((byte)'a', 5000).ToArray())), "past 1024 characters" },
        { "APPENDS without a mark", Pickle(Op(']'), Op('e')), "no mark" },
        { "SETITEM on a list", Pickle(Op(']'), Op('K', 1), Op('K', 2), Op('s')), "SETITEM outside a dict" },
    };

    [Theory]
    [MemberData(nameof(Pickles))]
    public void Damaged_pickles_are_refused_with_a_reason(string attack, byte[] pickle, string message)
    {
        var (text, allocated) = PickleRefused(pickle);
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{attack}: {text}");
        Assert.True(allocated < 16 << 20, $"{attack} allocated {allocated} bytes");
    }

    [Fact]
    public void A_run_of_marks_is_stopped_before_it_fills_memory()
    {
        var (text, allocated) = PickleRefused(Pickle(Enumerable.Repeat((byte)'(', 3_000_000).ToArray()));
        Assert.Contains("more than 1000000 values", text);
        Assert.True(allocated < 64 << 20, $"{allocated} bytes");
    }

    /// <summary>A pickled numpy array built as numpy's _reconstruct + BUILD writes it, with the given shape tuple and data.</summary>
    private static byte[] ArrayPickle(byte[] shapeTuple, string dtype, byte[] data) => Pickle(
        Op('c', Encoding.ASCII.GetBytes("numpy.core.multiarray\n_reconstruct\n")), Op(')'), Op('R'),
        Op('('), Op('K', 1), shapeTuple,
        Op('c', Encoding.ASCII.GetBytes("numpy\ndtype\n")), Op('('), Unicode(dtype), Op('t'), Op('R'),
        Op('('), Op('K', 3), Unicode("|"), Op('t'), Op('b'),
        new byte[] { 0x89 }, Op('B', Int32Le(data.Length).Concat(data).ToArray()), Op('t'), Op('b'));

    public static TheoryData<string, byte[], string> Arrays => new()
    {
        { "shape (1e30,)", ArrayPickle(Op('G', BitConverter.GetBytes(1e30).Reverse().ToArray()).Append((byte)0x85).ToArray(), "u1", new byte[4]), "shape is not a tuple of non-negative integers" },
        { "a text shape", ArrayPickle(Unicode("4").Append((byte)0x85).ToArray(), "u1", new byte[4]), "shape is not a tuple" },
        { "an empty dtype", ArrayPickle(Op('K', 4).Append((byte)0x85).ToArray(), "", new byte[4]), "unsupported dtype" },
        { "a shape of 2^62", ArrayPickle(new byte[] { 0x8a, 8 }.Concat(Int64Le(1L << 62)).Append((byte)0x85).ToArray(), "u1", new byte[4]), "more than 2 GiB" },
        { "fewer bytes than the shape", ArrayPickle(Op('K', 9).Append((byte)0x85).ToArray(), "u1", new byte[4]), "needs 9 bytes but holds 4" },
    };

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Pickled_arrays_with_impossible_shapes_or_types_are_refused(string attack, byte[] pickle, string message)
    {
        var (text, _) = PickleRefused(pickle);
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{attack}: {text}");
    }

    [Fact]
    public void A_well_formed_array_pickle_made_here_reads()
    {
        string path = Write("ok", ArrayPickle(Op('K', 4).Append((byte)0x85).ToArray(), "u1", new byte[] { 1, 2, 3, 4 }));
        using var s = File.OpenRead(path);
        var array = Assert.IsType<PickleReader.NdArray>(PickleReader.Load(s, path));
        Assert.Equal(new long[] { 4 }, array.Shape);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, array.Data);
    }

    private static byte[] Npy(string header, byte[] data)
    {
        string padded = header.PadRight(118) + "\n";
        return new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }
            .Concat(BitConverter.GetBytes((ushort)padded.Length)).Concat(Encoding.Latin1.GetBytes(padded)).Concat(data).ToArray();
    }

    public static TheoryData<string, string, string> NpyHeaders => new()
    {
        { "(3L,)", "{'descr': '|u1', 'fortran_order': False, 'shape': (3L,), }", "'3L', which is not a size" },
        { "('a',)", "{'descr': '|u1', 'fortran_order': False, 'shape': ('a',), }", "not a size" },
        { "(-1,)", "{'descr': '|u1', 'fortran_order': False, 'shape': (-1,), }", "'-1', which is not a size" },
        { "descr 'f'", "{'descr': 'f', 'fortran_order': False, 'shape': (3,), }", "unsupported dtype 'f'" },
        { "wrapping shape", "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "more than 2 GiB" },
        { "more than the file holds", "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000000,), }", "needs 1000000000 bytes but the file holds 3" },
    };

    [Theory]
    [MemberData(nameof(NpyHeaders))]
    public void Npy_headers_that_cannot_be_true_are_refused_before_allocating(string attack, string header, string message)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("x_train.npy").Open())
            entry.Write(Npy(header, new byte[] { 1, 2, 3 }));
        string path = Write("mnist.npz", zip.ToArray());
        var (text, allocated) = Refused(() => MNIST.LoadData(path: path), path);
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{attack}: {text}");
        Assert.True(allocated < 16 << 20, $"{attack} allocated {allocated} bytes");
    }

    private static string IdxGz(int magic, int[] dims, long dataBytes)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-idx-").FullName, "train-images-idx3-ubyte.gz");
        using var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dims[i]);
        gz.Write(header);
        var zeros = new byte[1 << 20];
        for (long left = dataBytes; left > 0; left -= zeros.Length) gz.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        return path;
    }

    [Theory]
    [InlineData(new[] { -1, 28, 28 }, 0L, "negative size")]
    [InlineData(new[] { 65536, 65536, 65536 }, 0L, "more than 2 GiB")]
    [InlineData(new[] { 2_000_000, 28, 28 }, 0L, "idx files of up to 256 MiB")]
    [InlineData(new[] { 10, 28, 28 }, 100L, "the file is truncated or damaged")]
    public void Idx_headers_that_cannot_be_true_are_refused_before_inflating(int[] dims, long dataBytes, string message)
    {
        string path = IdxGz(2051, dims, dataBytes);
        var (text, allocated) = Refused(() => IdxReader.Images(path), path);
        Assert.Contains(message, text);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_small_idx_file_that_inflates_far_beyond_its_header_is_refused_within_its_declared_size()
    {
        // 3 MB of gzip that inflates to 3 GB: the header declares 10 images, the rest is surplus.
        string path = IdxGz(2051, new[] { 10, 28, 28 }, 3L << 30);
        Assert.True(new FileInfo(path).Length < 8 << 20);
        var (text, allocated) = Refused(() => IdxReader.Images(path), path);
        Assert.Contains("but more follow", text);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    /// <summary>A .tar.gz whose first header is a metadata entry of type <paramref name="type"/> that declares <paramref name="size"/> bytes.</summary>
    private static string TarWithHeader(char type, long size)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(type is 'L' ? "././@LongLink" : "PaxHeader/x").CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("        ").CopyTo(header, 148);
        Encoding.ASCII.GetBytes(Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        string path = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-tar-").FullName, "cifar-10-python.tar.gz");
        using var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
        gz.Write(header);
        var zeros = new byte[1 << 20];
        for (int i = 0; i < 8; i++) gz.Write(zeros); // 8 MB of the declared gigabyte
        return path;
    }

    [Theory]
    [InlineData('L', 1L << 30)]
    [InlineData('x', 1L << 30)]
    public void A_tar_metadata_entry_that_declares_a_gigabyte_is_refused_before_it_is_read(char type, long size)
    {
        string archive = TarWithHeader(type, size);
        string cache = Directory.CreateTempSubdirectory("kerassharp-tarcache-").FullName;
        var (text, allocated) = Refused(() => Cifar10.LoadData(path: archive, cache_dir: cache), archive);
        Assert.Contains($"a '{type}' metadata entry declares {size} bytes", text);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_npz_entry_that_inflates_past_any_dataset_array_is_refused_before_it_is_read()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("x_train.npy", CompressionLevel.SmallestSize).Open())
        {
            entry.Write(Npy("{'descr': '|u1', 'fortran_order': False, 'shape': (300000000,), }", Array.Empty<byte>()));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) entry.Write(zeros);
        }
        string path = Write("mnist.npz", zip.ToArray());
        Assert.True(new FileInfo(path).Length < 2 << 20);
        var (text, allocated) = Refused(() => MNIST.LoadData(path: path), path);
        Assert.Contains("arrays of up to 256 MiB are read", text);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }
}
