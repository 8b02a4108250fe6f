using System.Globalization;
using System.Text.RegularExpressions;
using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>
/// Saves the model's weights after epochs, as Keras's ModelCheckpoint. <c>filepath</c> may hold Python
/// format fields such as <c>weights.{epoch:02d}-{val_loss:.2f}.bin</c>. Files are written atomically.
/// </summary>
/// <remarks>
/// KerasSharp saves weights, not whole models, so <c>save_weights_only</c> defaults to true here
/// (Keras's default is false); passing false is refused rather than silently saving less.
/// </remarks>
public sealed partial class ModelCheckpoint : Callback
{
    private readonly bool _greater;
    private double _best;
    private int _sinceLastSave;

    /// <summary>Saves the weights at the end of epochs.</summary>
    /// <param name="filepath">Where to save; Python format fields such as <c>{epoch:02d}</c> and <c>{val_loss:.2f}</c> are filled in.</param>
    /// <param name="monitor">The logged value that decides what is best, with <paramref name="save_best_only"/>.</param>
    /// <param name="verbose">1 to print a line for each save.</param>
    /// <param name="save_best_only">Save only when the monitored value improved on the best so far.</param>
    /// <param name="save_weights_only">Must be true: KerasSharp saves weights, not whole models.</param>
    /// <param name="mode"><c>min</c>, <c>max</c> or <c>auto</c> (max for accuracies, min otherwise): whether a larger or a smaller value is better.</param>
    /// <param name="period">Save every this many epochs.</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool save_best_only = false,
        bool save_weights_only = true, string mode = "auto", int period = 1)
    {
        if (!save_weights_only)
            throw new ArgumentException("KerasSharp cannot save whole models yet; use save_weights_only: true and rebuild the model in code before LoadWeights.");
        if (period <= 0) throw new ArgumentException($"period must be positive; got {period}.");
        Filepath = filepath;
        Monitor = monitor;
        Verbose = verbose;
        SaveBestOnly = save_best_only;
        Period = period;
        _greater = MonitorMode.GreaterIsBetter(mode, monitor);
        _best = _greater ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The path pattern files are saved under.</summary>
    public string Filepath { get; }
    /// <summary>The logged value that decides what is best.</summary>
    public string Monitor { get; }
    /// <summary>1 to print a line for each save.</summary>
    public int Verbose { get; }
    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }
    /// <summary>Epochs between saves.</summary>
    public int Period { get; }

    /// <inheritdoc/>
    protected internal override bool NeedsBatchValues => false;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (++_sinceLastSave < Period) return;
        _sinceLastSave = 0;
        string path = FormatPath(Filepath, epoch + 1, logs);
        if (SaveBestOnly)
        {
            if (!logs.TryGetValue(Monitor, out double current))
            {
                Model!.Out.WriteLine($"Can save best model only with {Monitor} available, skipping.");
                return;
            }
            if (!(_greater ? current > _best : current < _best))
            {
                if (Verbose > 0) Model!.Out.WriteLine($"\nEpoch {epoch + 1:00000}: {Monitor} did not improve from {PyFormat.Fixed(_best, 5)}");
                return;
            }
            if (Verbose > 0)
                Model!.Out.WriteLine($"\nEpoch {epoch + 1:00000}: {Monitor} improved from {PyFormat.Fixed(_best, 5)} to {PyFormat.Fixed(current, 5)}, saving model to {path}");
            _best = current;
        }
        else if (Verbose > 0)
        {
            Model!.Out.WriteLine($"\nEpoch {epoch + 1:00000}: saving model to {path}");
        }
        Model!.SaveWeights(path);
    }

    /// <summary>Fills <c>{epoch}</c>, <c>{epoch:02d}</c>, <c>{val_loss:.2f}</c> and the like.</summary>
    internal static string FormatPath(string pattern, int epoch, IDictionary<string, double> logs) =>
        Field().Replace(pattern, m =>
        {
            string name = m.Groups[1].Value, spec = m.Groups[2].Value;
            double value = name == "epoch" ? epoch : logs.TryGetValue(name, out double v)
                ? v
                : throw new ArgumentException($"The checkpoint path '{pattern}' names '{name}', which is not among the logs ({string.Join(", ", logs.Keys)}).");
            var number = NumberSpec().Match(spec);
            if (spec.Length == 0) return name == "epoch" ? epoch.ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
            if (!number.Success) throw new ArgumentException($"Unsupported format '{spec}' in checkpoint path '{pattern}'.");
            string kind = number.Groups[3].Value;
            int precision = number.Groups[2].Success ? int.Parse(number.Groups[2].Value, CultureInfo.InvariantCulture) : 6;
            string text = kind switch
            {
                "d" => ((long)value).ToString(CultureInfo.InvariantCulture),
                "f" => PyFormat.Fixed(value, precision),
                _ => PyFormat.Exponent(value, precision),
            };
            string width = number.Groups[1].Value;
            return width.Length == 0 ? text : text.PadLeft(int.Parse(width, CultureInfo.InvariantCulture), width[0] == '0' ? '0' : ' ');
        });

    [GeneratedRegex(@"\{(\w+)(?::([^}]*))?\}")]
    private static partial Regex Field();

    [GeneratedRegex(@"^(\d*)(?:\.(\d+))?([dfe])$")]
    private static partial Regex NumberSpec();
}
