using System.Globalization;
using System.IO.Compression;
using System.Text;
using Keras.Datasets;
using Keras.Utils;
using static TorchSharp.torch;

namespace Numpy;

#pragma warning disable CS8981 // NumPy's lower-case name
public static partial class np
#pragma warning restore CS8981
{
    /// <summary>
    /// Reads a text file of numbers, one row per line, as <c>np.loadtxt</c> (NumPy 1.24): comment text and blank lines
    /// are skipped, values are split on whitespace or on <paramref name="delimiter"/>, and every row must have as many
    /// values. A name ending in <c>.gz</c> is read through gzip.
    /// </summary>
    /// <param name="fname">The file.</param>
    /// <param name="dtype">The element type; float64 by default. Integer types read integers (a float is truncated, as NumPy 1.24 still does).</param>
    /// <param name="comments">The texts that start a comment; <c>#</c> by default.</param>
    /// <param name="delimiter">The text between values, such as <c>","</c> for CSV; any whitespace by default.</param>
    /// <param name="skiprows">Lines to skip at the start (a header), comments included.</param>
    /// <param name="usecols">The columns to keep, counted from 0 (negative from the end).</param>
    /// <param name="unpack">Whether to return the transpose, so that columns unpack into variables.</param>
    /// <param name="ndmin">The least number of axes of the result: 0, 1 or 2. Below it, axes of size 1 are squeezed out.</param>
    /// <param name="max_rows">The most rows of data to read, after <paramref name="skiprows"/>.</param>
    /// <returns>A new array.</returns>
    public static NDarray loadtxt(string fname, Dtype? dtype = null, string[]? comments = null, string? delimiter = null, int? skiprows = 0,
        int[]? usecols = null, bool? unpack = false, int? ndmin = 0, int? max_rows = null)
    {
        var type = dtype ?? float64;
        if (type.Name is "bool" or "float16") throw new NotSupportedException($"loadtxt reads float and integer dtypes; got {type}.");
        int least = ndmin ?? 0;
        if (least is < 0 or > 2) throw new ArgumentException($"ndmin must be 0, 1 or 2; got {least}.");
        if (delimiter is "") throw new ArgumentException("delimiter must not be empty; leave it null to split on whitespace.");
        var commentMarks = (comments ?? new[] { "#" }).Where(c => !string.IsNullOrEmpty(c)).ToArray();
        var rows = new List<double[]>();
        var integers = new List<long[]>();
        int columns = -1, lineNumber = 0, skip = skiprows ?? 0;
        using var reader = new StreamReader(OpenText(fname), Encoding.UTF8);
        for (string? line; (line = reader.ReadLine()) is not null && (max_rows is not int most || rows.Count + integers.Count < most);)
        {
            lineNumber++;
            if (lineNumber <= skip) continue;
            int cut = commentMarks.Select(c => line.IndexOf(c, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(line.Length).Min();
            string content = line[..cut];
            if (content.Trim().Length == 0) continue;
            string[] fields = delimiter is null
                ? content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                : content.Split(delimiter).Select(f => f.Trim()).ToArray();
            if (usecols is not null) fields = Columns(fields, usecols, fname, lineNumber);
            if (columns >= 0 && fields.Length != columns)
                throw new InvalidDataException($"{fname}, line {lineNumber}: {fields.Length} values where the rows before have {columns}; give usecols to read some columns only.");
            columns = fields.Length;
            if (type.IsInteger) integers.Add(fields.Select((f, c) => ParseInteger(f, fname, lineNumber, c, delimiter)).ToArray());
            else rows.Add(fields.Select((f, c) => ParseFloat(f, fname, lineNumber, c, delimiter)).ToArray());
        }
        int count = rows.Count + integers.Count;
        var values = count == 0 ? TorchSharp.torch.zeros(0, dtype: ScalarType.Float64)
            : integers.Count > 0 ? tensor(integers.SelectMany(r => r).ToArray(), new long[] { count, columns })
            : tensor(rows.SelectMany(r => r).ToArray(), new long[] { count, columns });
        var array = new NDarray(values).astype(type);
        if (array.ndim > least) array = squeeze(array);
        if (array.ndim < least) array = least == 1 ? array.reshape(1) : array.reshape(-1, 1);
        return unpack == true ? array.T : array;
    }

    /// <summary>
    /// Writes a one- or two-axis array as text, one row per line, as <c>np.savetxt</c>: each value formatted with
    /// Python's % formatting, <c>%.18e</c> by default. A name ending in <c>.gz</c> is written through gzip.
    /// </summary>
    /// <param name="fname">The file; replaced whole or left as it was.</param>
    /// <param name="X">The array; a one-axis array is written one value per line.</param>
    /// <param name="fmt">One format for every value (<c>new[] { "%d" }</c>), one per column, or one for the whole row (<c>"%d,%.2f"</c>).</param>
    /// <param name="delimiter">The text between values.</param>
    /// <param name="newline">The text after each line.</param>
    /// <param name="header">Text written first, each line after <paramref name="comments"/>.</param>
    /// <param name="footer">Text written last, each line after <paramref name="comments"/>.</param>
    /// <param name="comments">What starts the header's and footer's lines; <c>"# "</c> by default.</param>
    public static void savetxt(string fname, NDarray X, string[]? fmt = null, string delimiter = " ", string newline = "\n",
        string header = "", string footer = "", string? comments = null)
    {
        ArgumentNullException.ThrowIfNull(X);
        if (X.ndim is 0 or > 2) throw new ArgumentException($"savetxt writes arrays of one or two axes; this one has shape {X.shape}.");
        using var table = X.ndim == 1 ? X.Tensor.reshape(-1, 1) : X.Tensor.alias();
        int columns = (int)table.shape[1];
        string format = RowFormat(fmt ?? new[] { "%.18e" }, columns, delimiter);
        string comment = comments ?? "# ";
        bool integral = !table.is_floating_point();
        using var values = (integral ? table.to_type(ScalarType.Int64) : table.to_type(ScalarType.Float64)).cpu().contiguous();
        long[] integers = integral ? values.data<long>().ToArray() : Array.Empty<long>();
        double[] reals = integral ? Array.Empty<double>() : values.data<double>().ToArray();
        long rows = table.shape[0];
        var text = new StringBuilder();
        if (header.Length > 0) text.Append(comment).Append(header.Replace("\n", "\n" + comment)).Append(newline);
        var row = new object[columns];
        for (long r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                // Boxed as they are: a long converted to double would lose digits beyond 2^53 before %d formats it.
                row[c] = integral ? (object)integers[r * columns + c] : reals[r * columns + c];
            text.Append(PercentFormat.Apply(format, row)).Append(newline);
        }
        if (footer.Length > 0) text.Append(comment).Append(footer.Replace("\n", "\n" + comment)).Append(newline);
        byte[] bytes = Encoding.Latin1.GetBytes(text.ToString());
        AtomicFile.Write(fname, stream =>
        {
            if (!fname.EndsWith(".gz", StringComparison.Ordinal))
            {
                stream.Write(bytes);
                return;
            }
            using var zipped = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            zipped.Write(bytes);
        });
    }

    /// <summary>Writes a one- or two-axis array as text with one format, as Python's <c>np.savetxt(f, x, fmt="%d")</c>.</summary>
    /// <param name="fname">The file.</param>
    /// <param name="X">The array.</param>
    /// <param name="fmt">One format for every value, or one for the whole row.</param>
    /// <param name="delimiter">The text between values.</param>
    /// <param name="newline">The text after each line.</param>
    /// <param name="header">Text written first.</param>
    /// <param name="footer">Text written last.</param>
    /// <param name="comments">What starts the header's and footer's lines.</param>
    public static void savetxt(string fname, NDarray X, string fmt, string delimiter = " ", string newline = "\n",
        string header = "", string footer = "", string? comments = null) =>
        savetxt(fname, X, new[] { fmt }, delimiter, newline, header, footer, comments);

    /// <summary>Saves an array in NumPy's <c>.npy</c> format, as <c>np.save</c>: ".npy" is added to a name without it.</summary>
    /// <param name="file">The file; replaced whole or left as it was.</param>
    /// <param name="arr">The array.</param>
    public static void save(string file, NDarray arr)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(arr);
        AtomicFile.Write(file.EndsWith(".npy", StringComparison.Ordinal) ? file : file + ".npy", stream => NpyWriter.Write(stream, arr));
    }

    /// <summary>Reads an array from a <c>.npy</c> file, as <c>np.load</c>: any version of the format, C order, numbers and bools.</summary>
    /// <param name="file">The file.</param>
    /// <returns>A new array.</returns>
    public static NDarray load(string file)
    {
        using var stream = SafeFile.OpenRead(file);
        var start = new byte[2];
        if (stream.Read(start) == 2 && start[0] == 'P' && start[1] == 'K')
            throw new InvalidDataException($"{file} is a .npz archive of several arrays (np.savez); np.load reads one .npy array here.");
        stream.Position = 0;
        var values = NpyReader.Load(stream, file, stream.Length, out string descr);
        var dtype = descr[1..] switch { "u2" => uint16, "u4" => uint32, _ => Dtype.Of(values.dtype) };
        return NDarray.Of(values, dtype);
    }

    private static Stream OpenText(string fname)
    {
        var file = SafeFile.OpenRead(fname);
        return fname.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>NumPy's choice: one format per column, one repeated for all (a single %), or one for the whole row (one % per column; NumPy counts every %).</summary>
    private static string RowFormat(string[] fmt, int columns, string delimiter)
    {
        foreach (var f in fmt) PercentFormat.Check(f);
        if (fmt.Length == columns && columns > 1) return string.Join(delimiter, fmt);
        if (fmt.Length != 1)
            throw new ArgumentException($"fmt has {fmt.Length} formats for {columns} columns; give one per column, or one for all.");
        int count = fmt[0].Count(c => c == '%');
        if (count == 1) return string.Join(delimiter, Enumerable.Repeat(fmt[0], columns));
        return count == columns ? fmt[0] : throw new ArgumentException($"fmt '{fmt[0]}' has {count} % signs for {columns} columns; NumPy needs one per column.");
    }

    private static string[] Columns(string[] fields, int[] usecols, string fname, int line) => usecols.Select(c =>
    {
        int index = c < 0 ? c + fields.Length : c;
        return index >= 0 && index < fields.Length ? fields[index]
            : throw new InvalidDataException($"{fname}, line {line}: usecols names column {c}, but the line has {fields.Length} values.");
    }).ToArray();

    private static double ParseFloat(string field, string fname, int line, int column, string? delimiter)
    {
        string text = field.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !text.Contains("Infinity", StringComparison.Ordinal) && text != "NaN")
            return value;
        switch (text.ToLowerInvariant().TrimStart('+'))
        {
            case "nan": case "-nan": return double.NaN;
            case "inf": case "infinity": return double.PositiveInfinity;
            case "-inf": case "-infinity": return double.NegativeInfinity;
        }
        throw new InvalidDataException(NotANumber(field, fname, line, column, delimiter, "float64"));
    }

    private static long ParseInteger(string field, string fname, int line, int column, string? delimiter)
    {
        string text = field.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)) return value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && double.IsFinite(real) && Math.Abs(real) < 9.2e18)
            return (long)real;
        throw new InvalidDataException(NotANumber(field, fname, line, column, delimiter, "an integer"));
    }

    private static string NotANumber(string field, string fname, int line, int column, string? delimiter, string kind)
    {
        string hint = delimiter is null && field.Contains(',') ? " The values look comma-separated: give delimiter: \",\"."
            : line == 1 ? " If the first line is a header, give skiprows: 1." : "";
        return $"{fname}, line {line}, column {column}: could not convert '{field}' to {kind}.{hint}";
    }
}
