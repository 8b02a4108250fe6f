using System.Text;

namespace KerasSharp.Tutorial.Report;

/// <summary>
/// Writes to the console and keeps a copy for the HTML report. Progress bars redraw with '\r'; the copy
/// keeps only what a line finally showed.
/// </summary>
internal sealed class ReportWriter(TextWriter console) : TextWriter
{
    private readonly StringBuilder _captured = new();

    public override Encoding Encoding => console.Encoding;

    public override void Write(char value)
    {
        console.Write(value);
        _captured.Append(value);
    }

    public override void Write(string? value)
    {
        console.Write(value);
        _captured.Append(value);
    }

    public override void Flush() => console.Flush();

    /// <summary>A line for the console only, for what the report shows in its own form (figures, tables).</summary>
    public void WriteConsoleLine(string line) => console.WriteLine(line);

    /// <summary>The text captured since the last call, each line as it was last drawn.</summary>
    public string TakeCaptured()
    {
        var lines = _captured.ToString().Split('\n').Select(line => line[(line.LastIndexOf('\r') + 1)..].TrimEnd());
        _captured.Clear();
        return string.Join("\n", lines).Trim('\n');
    }
}
