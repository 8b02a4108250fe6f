using Numpy;

namespace KerasSharp.Tests;

/// <summary>
/// The facade's files against NumPy's (Debian's NumPy 1.24): np.save writes NumPy's bytes, np.load reads what NumPy
/// writes (Fortran order, version 2 headers, uint32), loadtxt reads text as np.loadtxt does and savetxt writes
/// np.savetxt's text character for character; then np.random's shuffle, normal and uniform, and one-element casts.
/// </summary>
public class NumpyFileTests : SessionScopedTest
{
    private static string Folder() => Directory.CreateTempSubdirectory("kerassharp-numpy-files-").FullName;

    [SkippableFact]
    public void Save_writes_the_bytes_numpy_writes_and_load_reads_numpys_files()
    {
        var arrays = new (string Name, NDarray Array)[]
        {
            ("f32", np.array(new[,] { { 0.1f, -2f, 3.5f }, { 4f, 5f, 6f } })),
            ("i64", np.arange(0, 100, 7)),
            ("flag", np.array(new[] { true, false, true })),
            ("u8", np.array(new byte[,,] { { { 1, 2 } }, { { 255, 0 } } })),
            ("scalar", (NDarray)2.5),
            ("u32", np.array(new uint[] { 0, 4000000000 })),
            ("long_axis", np.zeros(12345, 1)),
        };
        var cases = arrays.ToDictionary(a => a.Name, a => $"np.save(out + '/{a.Name}_numpy.npy', {a.Name})")
            .Concat(new Dictionary<string, string>
            {
                ["fortran"] = "np.save(out + '/fortran.npy', np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))",
                ["version2"] = "np.lib.format.write_array(open(out + '/version2.npy', 'wb'), np.arange(6, dtype=np.int16).reshape(3, 2), version=(2, 0))",
                ["big_endian"] = "np.save(out + '/big_endian.npy', np.arange(3, dtype='>i4'))",
            });
        string folder = NumpyReference.Run(arrays, cases);
        foreach (var (name, _) in arrays)
            Assert.True(File.ReadAllBytes(Path.Combine(folder, name + ".npy")).SequenceEqual(File.ReadAllBytes(Path.Combine(folder, "out", name + "_numpy.npy"))),
                $"np.save of {name} differs from NumPy's bytes");

        var fortran = np.load(Path.Combine(folder, "out", "fortran.npy"));
        Assert.Equal("(2, 3, 4)", fortran.shape.ToString());
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), fortran.flatten().GetData<float>());
        var version2 = np.load(Path.Combine(folder, "out", "version2.npy"));
        Assert.Equal("int16", version2.dtype.Name);
        Assert.Equal(new short[] { 0, 1, 2, 3, 4, 5 }, version2.flatten().GetData<short>());
        var u32 = np.load(Path.Combine(folder, "u32.npy"));
        Assert.Equal("uint32", u32.dtype.Name);
        Assert.Equal(4000000000L, u32.astype(np.int64).GetData<long>()[1]);
        Assert.Contains("big-endian", Assert.Throws<InvalidDataException>(() => np.load(Path.Combine(folder, "out", "big_endian.npy"))).Message);
    }

    private static readonly (string Name, string Text, Func<string, NDarray> Facade, string Python)[] TextCases =
    {
        ("whitespace", "1 2 3\n4 5 6\n", f => np.loadtxt(f), "np.loadtxt(F)"),
        ("csv_header", "# made by hand\na,b,c\n1.5,2,3 # a comment\n\n4,5e-3,-6\n", f => np.loadtxt(f, delimiter: ",", skiprows: 2), "np.loadtxt(F, delimiter=',', skiprows=2)"),
        ("usecols", "1,2,3\n4,5,6\n", f => np.loadtxt(f, delimiter: ",", usecols: new[] { 0, -1 }), "np.loadtxt(F, delimiter=',', usecols=[0, -1])"),
        ("unpack", "1 2 3\n4 5 6\n", f => np.loadtxt(f, unpack: true), "np.loadtxt(F, unpack=True)"),
        ("one_row", "1 2 3\n", f => np.loadtxt(f), "np.loadtxt(F)"),
        ("one_row_ndmin2", "1 2 3\n", f => np.loadtxt(f, ndmin: 2), "np.loadtxt(F, ndmin=2)"),
        ("one_column", "7\n8\n9\n", f => np.loadtxt(f), "np.loadtxt(F)"),
        ("one_value", "42\n", f => np.loadtxt(f), "np.loadtxt(F)"),
        ("one_value_ndmin1", "42\n", f => np.loadtxt(f, ndmin: 1), "np.loadtxt(F, ndmin=1)"),
        ("ints", "1;-2\n3;4\n", f => np.loadtxt(f, np.int32, delimiter: ";"), "np.loadtxt(F, np.int32, delimiter=';')"),
        ("specials", "nan inf -inf\n1e300 -0.0 +2\n", f => np.loadtxt(f), "np.loadtxt(F)"),
        ("max_rows", "1 2\n# skipped\n3 4\n5 6\n", f => np.loadtxt(f, max_rows: 2), "np.loadtxt(F, max_rows=2)"),
        ("comments", "1 2 // x\n% ignored\n3 4\n", f => np.loadtxt(f, comments: new[] { "//", "%" }), "np.loadtxt(F, comments=['//', '%'])"),
        ("crlf", "1,2\r\n3,4\r\n", f => np.loadtxt(f, delimiter: ","), "np.loadtxt(F, delimiter=',')"),
    };

    [SkippableFact]
    public void Loadtxt_reads_text_as_numpy_does()
    {
        string folder = Folder();
        foreach (var c in TextCases) File.WriteAllText(Path.Combine(folder, c.Name + ".txt"), c.Text);
        NumpyReference.Run(Array.Empty<(string, NDarray)>(),
            TextCases.Select(c => KeyValuePair.Create(c.Name, c.Python.Replace("F", $"folder + '/{c.Name}.txt'"))), folder);
        var failures = TextCases.Select(c => NumpyReference.Difference(NumpyReference.Result(folder, c.Name), c.Facade(Path.Combine(folder, c.Name + ".txt"))) is string why
            ? $"{c.Name}: {why}" : null).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static readonly NDarray Floats = np.array(new[,] { { 1.5, -0.000123456, 1e20 }, { 0.0, 2.0 / 3, -42 } });
    private static readonly NDarray Ints = np.array(new[,] { { 1, -22, 333 }, { 4444, 0, -6 } });

    private static readonly (string Name, Action<string> Facade, string Python)[] SaveCases =
    {
        ("default", f => np.savetxt(f, Floats), "np.savetxt(F, floats)"),
        ("float32", f => np.savetxt(f, np.array(new[] { 0.1f, 1f / 3 })), "np.savetxt(F, np.array([0.1, 1 / 3], dtype=np.float32))"),
        ("ints_d", f => np.savetxt(f, Ints, fmt: "%d", delimiter: ","), "np.savetxt(F, ints, fmt='%d', delimiter=',')"),
        ("fixed", f => np.savetxt(f, Floats, new[] { "%.3f" }, delimiter: "\t", header: "a\tb\tc", footer: "end\nof file"),
            "np.savetxt(F, floats, fmt='%.3f', delimiter='\\t', header='a\\tb\\tc', footer='end\\nof file')"),
        ("per_column", f => np.savetxt(f, Floats, new[] { "%10.4g", "%+.2e", "%-12G" }), "np.savetxt(F, floats, fmt=['%10.4g', '%+.2e', '%-12G'])"),
        ("row_format", f => np.savetxt(f, Ints, "%05d|%i|%d"), "np.savetxt(F, ints, fmt='%05d|%i|%d')"),
        ("one_axis", f => np.savetxt(f, np.array(new[] { 1.0, 2.5 }), "%g", comments: "// ", header: "values"), "np.savetxt(F, np.array([1.0, 2.5]), fmt='%g', comments='// ', header='values')"),
        ("g_forms", f => np.savetxt(f, np.array(new[,] { { 123456789.0, 0.0001, 0.00001, 100000.0, 1e16 } }), "%#g %.3g %g %G %.10g"),
            "np.savetxt(F, np.array([[123456789.0, 0.0001, 0.00001, 100000.0, 1e16]]), fmt='%#g %.3g %g %G %.10g')"),
        ("newline", f => np.savetxt(f, Ints, "%d", newline: ";\r\n"), "np.savetxt(F, ints, fmt='%d', newline=';\\r\\n')"),
        ("int64_d", f => np.savetxt(f, np.array(new[] { 9007199254740993L, -9007199254740995L, long.MaxValue }), "%d"),
            "np.savetxt(F, np.array([9007199254740993, -9007199254740995, 9223372036854775807]), fmt='%d')"),
    };

    [SkippableFact]
    public void Savetxt_writes_numpys_text()
    {
        string folder = Folder();
        foreach (var c in SaveCases) c.Facade(Path.Combine(folder, c.Name + ".txt"));
        NumpyReference.Run(new[] { ("floats", Floats), ("ints", Ints) },
            SaveCases.Select(c => KeyValuePair.Create(c.Name, c.Python.Replace("F,", $"out + '/{c.Name}.txt',"))), folder);
        foreach (var c in SaveCases)
            Assert.Equal(File.ReadAllText(Path.Combine(folder, "out", c.Name + ".txt")), File.ReadAllText(Path.Combine(folder, c.Name + ".txt")));

        string zipped = Path.Combine(folder, "table.txt.gz");
        np.savetxt(zipped, Ints, "%d");
        Assert.Equal(Ints.GetData<int>(), np.loadtxt(zipped, np.int32).GetData<int>());
    }

    [Fact]
    public void Files_that_do_not_fit_are_refused_saying_what_to_do()
    {
        string folder = Folder();
        string csv = Path.Combine(folder, "data.csv");
        File.WriteAllText(csv, "1,2,3\n4,5,6\n");
        Assert.Contains("give delimiter: \",\"", Assert.Throws<InvalidDataException>(() => np.loadtxt(csv)).Message);
        File.WriteAllText(csv, "x,y\n1,2\n");
        Assert.Contains("line 1, column 0: could not convert 'x' to float64. If the first line is a header, give skiprows: 1.",
            Assert.Throws<InvalidDataException>(() => np.loadtxt(csv, delimiter: ",")).Message);
        File.WriteAllText(csv, "1,2\n3\n");
        Assert.Contains("line 2: 1 values where the rows before have 2", Assert.Throws<InvalidDataException>(() => np.loadtxt(csv, delimiter: ",")).Message);
        string archive = Path.Combine(folder, "arrays.npz");
        System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Create).Dispose();
        Assert.Contains("a .npz archive", Assert.Throws<InvalidDataException>(() => np.load(archive)).Message);
        Assert.Contains("one or two axes", Assert.Throws<ArgumentException>(() => np.savetxt(Path.Combine(folder, "t.txt"), np.zeros(2, 2, 2))).Message);
        Assert.Contains("3 formats for 2 columns", Assert.Throws<ArgumentException>(() => np.savetxt(Path.Combine(folder, "t.txt"), np.zeros(2, 2), new[] { "%d", "%d", "%d" })).Message);
        Assert.False(File.Exists(Path.Combine(folder, "t.txt")));
    }

    [Fact]
    public void Random_shuffle_normal_and_uniform_follow_numpy_and_the_seed()
    {
        np.random.seed(5);
        var rows = np.arange(0, 20, 1).reshape(10, 2);
        np.random.shuffle(rows);
        var shuffled = rows.GetData<long>();
        Assert.NotEqual(Enumerable.Range(0, 20).Select(i => (long)i), shuffled);
        Assert.All(Enumerable.Range(0, 10), r => Assert.Equal(shuffled[2 * r] + 1, shuffled[2 * r + 1])); // rows move whole
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), shuffled.Order());

        var normal = np.random.normal(3, 2, new[] { 400, 500 });
        Assert.Equal("float64", normal.dtype.Name);
        Assert.Equal(3, np.mean(normal), 0.02);
        Assert.Equal(2, np.std(normal), 0.02);
        var uniform = np.random.uniform(-1, 4, 200000);
        Assert.InRange(np.min(uniform).item<double>(), -1, -0.999);
        Assert.InRange(np.max(uniform).item<double>(), 3.999, 4);
        Assert.Equal(1.5, np.mean(uniform), 0.02);
        Assert.Equal("()", np.random.normal().shape.ToString());

        np.random.seed(5);
        var again = np.arange(0, 20, 1).reshape(10, 2);
        np.random.shuffle(again);
        Assert.Equal(shuffled, again.GetData<long>());
        Assert.Throws<ArgumentException>(() => np.random.normal(0, -1));
    }

    [Fact]
    public void One_element_arrays_cast_to_numbers_as_in_numpy_net()
    {
        var total = np.sum(np.array(new[] { 1.25, 2.5 }));
        Assert.Equal(3.75, (double)total);
        Assert.Equal(3.75f, (float)total);
        Assert.Equal(3, (int)total);
        Assert.Equal(3L, (long)total);
        Assert.True((bool)total);
        NDarray grid = new[,] { { 1, 2 }, { 3, 4 } };
        Assert.Equal("int32", grid.dtype.Name);
        Assert.Equal(10, (int)grid.sum());
        var e = Assert.Throws<InvalidOperationException>(() => (double)grid);
        Assert.Contains("shape (2, 2)", e.Message);
    }
}
