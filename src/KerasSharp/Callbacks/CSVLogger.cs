using System.Text;
using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>
/// Keras 2.2's CSVLogger: one row per epoch, <c>epoch</c> (0-based) then the logs' keys in sorted order, separated by
/// <c>separator</c>, with Python's float text and csv's <c>\r\n</c> line ends; a header row first unless appending to a
/// file that already has rows. When training is stopped, keys the last epoch lacks are written as NA.
/// </summary>
public sealed class CSVLogger : Callback
{
    private StreamWriter? _file;
    private List<string>? _keys;
    private bool _header;

    /// <summary>Logs each epoch's values to a CSV file.</summary>
    /// <param name="filename">The file.</param>
    /// <param name="separator">The column separator; a comma by default.</param>
    /// <param name="append">Add to an existing file instead of replacing it.</param>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        if (string.IsNullOrEmpty(separator)) throw new ArgumentException("The separator must not be empty.");
        (Filename, Separator, Append) = (filename, separator, append);
    }

    /// <summary>The file written.</summary>
    public string Filename { get; }
    /// <summary>The column separator.</summary>
    public string Separator { get; }
    /// <summary>Whether rows are added to an existing file.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _header = !(Append && File.Exists(Filename) && new FileInfo(Filename).Length > 0);
        _file = new StreamWriter(Filename, Append, new UTF8Encoding(false));
        _keys = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        _keys ??= logs.Keys.Order(StringComparer.Ordinal).ToList();
        if (_header)
        {
            _file!.Write(string.Join(Separator, _keys.Prepend("epoch")) + "\r\n");
            _header = false;
        }
        var values = _keys.Select(k => logs.TryGetValue(k, out double v) ? PyFormat.Repr(v) : Model!.StopTraining ? "NA" : "");
        _file!.Write(string.Join(Separator, values.Prepend(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\r\n");
        _file.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        _file?.Dispose();
        _file = null;
    }
}
