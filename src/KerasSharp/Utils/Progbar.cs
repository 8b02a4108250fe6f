using System.Diagnostics;
using System.Text;

namespace Keras.Utils;

/// <summary>
/// Keras 2.2's progress bar, counting samples: <c>25024/50000 [==============>...............] - ETA: 22s - loss: 1.5234</c>.
/// On a terminal the line is redrawn in place at most every <c>interval</c> seconds; on redirected
/// output only the finished line is written, so logs get one line per epoch instead of one per batch.
/// </summary>
public sealed class Progbar
{
    private readonly TextWriter _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<string> _statefulMetrics;
    private readonly Dictionary<string, (double Sum, long Count)> _values = new();
    private readonly List<string> _order = new();
    private long _seenSoFar;
    private double _lastUpdate = double.NegativeInfinity;
    private int _totalWidth;

    /// <summary>Keras's progress bar.</summary>
    /// <param name="target">Total number of samples (or steps).</param>
    /// <param name="width">Characters of the bar itself.</param>
    /// <param name="verbose">1: a bar; 2: one summary line at the end.</param>
    /// <param name="interval">Seconds between redraws, at least.</param>
    /// <param name="stateful_metrics">Names whose values are shown as given instead of averaged.</param>
    /// <param name="output">Where to write; the console by default.</param>
    /// <param name="dynamic">Redraw in place; by default when the output is a console that is not redirected.</param>
    public Progbar(long target, int width = 30, int verbose = 1, double interval = 0.05,
        IEnumerable<string>? stateful_metrics = null, TextWriter? output = null, bool? dynamic = null)
    {
        if (target <= 0) throw new ArgumentException($"Progbar target must be positive; got {target}.");
        Target = target;
        Width = width;
        Verbose = verbose;
        Interval = interval;
        _statefulMetrics = new HashSet<string>(stateful_metrics ?? Array.Empty<string>());
        _output = output ?? Console.Out;
        Dynamic = dynamic ?? (output is null && !Console.IsOutputRedirected);
    }

    /// <summary>Total number of samples (or steps).</summary>
    public long Target { get; }
    /// <summary>Characters of the bar itself.</summary>
    public int Width { get; }
    /// <summary>1: a bar; 2: one summary line at the end.</summary>
    public int Verbose { get; }
    /// <summary>Seconds between redraws, at least.</summary>
    public double Interval { get; }
    /// <summary>Whether the bar redraws in place (with a carriage return).</summary>
    public bool Dynamic { get; }

    /// <summary>Whether an update at <paramref name="current"/> would be drawn now, so that callers read values only then.</summary>
    /// <param name="current">Samples (or steps) done.</param>
    public bool WouldDraw(long current) =>
        current >= Target || (Verbose == 1 && Dynamic && _clock.Elapsed.TotalSeconds - _lastUpdate >= Interval);

    /// <summary>Records progress and values, and redraws when due.</summary>
    /// <param name="current">Samples (or steps) done so far.</param>
    /// <param name="values">Values to show: averaged over updates, except stateful ones, shown as given.</param>
    public void Update(long current, IEnumerable<(string Name, double Value)>? values = null)
    {
        foreach (var (name, value) in values ?? Array.Empty<(string, double)>())
        {
            if (!_values.ContainsKey(name)) _order.Add(name);
            if (_statefulMetrics.Contains(name))
            {
                _values[name] = (value, 1);
            }
            else
            {
                long weight = current - _seenSoFar;
                var (sum, count) = _values.GetValueOrDefault(name);
                _values[name] = (sum + value * weight, count + weight);
            }
        }
        _seenSoFar = current;

        double now = _clock.Elapsed.TotalSeconds;
        if (!WouldDraw(current)) return;
        if (Verbose == 1) DrawBar(current, now);
        else if (Verbose == 2 && current >= Target) DrawSummary(now);
        _lastUpdate = now;
    }

    private void DrawBar(long current, double now)
    {
        var line = new StringBuilder();
        int digits = (int)Math.Floor(Math.Log10(Target)) + 1;
        line.Append(current.ToString().PadLeft(digits)).Append('/').Append(Target).Append(" [");
        int filled = (int)(Width * ((double)current / Target));
        if (filled > 0)
        {
            line.Append('=', filled - 1);
            line.Append(current < Target ? '>' : '=');
        }
        line.Append('.', Width - filled).Append(']');

        double perUnit = current > 0 ? now / current : 0;
        if (current < Target)
        {
            double eta = perUnit * (Target - current);
            line.Append(" - ETA: ").Append(FormatEta(eta));
        }
        else
        {
            line.Append(" - ").Append(PyFormat.Fixed(now, 0)).Append('s');
            line.Append(' ').Append(FormatPerStep(perUnit));
        }
        AppendValues(line);

        int width = line.Length;
        if (Dynamic)
        {
            if (_totalWidth > width) line.Append(' ', _totalWidth - width);
            _output.Write('\r');
        }
        _totalWidth = width;
        if (current >= Target) line.Append('\n');
        _output.Write(line.ToString());
        _output.Flush();
    }

    private void DrawSummary(double now)
    {
        var line = new StringBuilder(" - ").Append(PyFormat.Fixed(now, 0)).Append('s');
        AppendValues(line);
        _output.WriteLine(line.ToString());
        _output.Flush();
    }

    private void AppendValues(StringBuilder line)
    {
        foreach (string name in _order)
        {
            var (sum, count) = _values[name];
            line.Append(" - ").Append(name).Append(": ").Append(PyFormat.Metric(sum / Math.Max(1, count)));
        }
    }

    /// <summary>h:mm:ss above an hour, m:ss above a minute, else whole seconds (truncated, as Python's %d).</summary>
    internal static string FormatEta(double eta)
    {
        long s = (long)eta;
        if (eta > 3600) return $"{s / 3600}:{s % 3600 / 60:00}:{s % 60:00}";
        if (eta > 60) return $"{s / 60}:{s % 60:00}";
        return $"{s}s";
    }

    internal static string FormatPerStep(double seconds)
    {
        if (seconds >= 1) return PyFormat.Fixed(seconds, 0) + "s/step";
        if (seconds >= 1e-3) return PyFormat.Fixed(seconds * 1e3, 0) + "ms/step";
        return PyFormat.Fixed(seconds * 1e6, 0) + "us/step";
    }
}
