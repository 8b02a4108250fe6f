using System.Globalization;
using System.Text.RegularExpressions;
using Keras.Utils;

namespace Keras.Callbacks;

/// <summary>
/// Saves the model after epochs, as Keras's ModelCheckpoint: the whole model (<c>model.Save</c>: a <c>.keras</c> archive
/// by that name, Keras 2's HDF5 under any other, as Keras 2 writes it), or with <c>save_weights_only</c> the weights
/// (<c>model.SaveWeights</c>). <c>filepath</c> may hold Python format fields such as
/// <c>weights.{epoch:02d}-{val_loss:.2f}.h5</c>. With <c>save_best_only</c>, only an epoch whose <c>monitor</c> improved
/// on the best so far (by <c>mode</c>) is saved; <c>period</c> epochs pass between saves. Files are written atomically.
/// </summary>
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
    /// <param name="save_weights_only">Save the weights alone rather than the whole model (architecture, weights, optimizer).</param>
    /// <param name="mode"><c>min</c>, <c>max</c> or <c>auto</c> (max for accuracies, min otherwise): whether a larger or a smaller value is better.</param>
    /// <param name="period">Save every this many epochs.</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool save_best_only = false,
        bool save_weights_only = false, string mode = "auto", int period = 1)
    {
        if (period <= 0) throw new ArgumentException($"period must be positive; got {period}.");
        Filepath = filepath;
        Monitor = monitor;
        Verbose = verbose;
        SaveBestOnly = save_best_only;
        SaveWeightsOnly = save_weights_only;
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
    /// <summary>Whether the weights alone are saved, rather than the whole model.</summary>
    public bool SaveWeightsOnly { get; }
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
        if (SaveWeightsOnly) Model!.SaveWeights(path);
        else Model!.Save(path);
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
            // Keras's str.format writes a bare field as Python's str() does: 1.0, 1e-05.
            if (spec.Length == 0) return name == "epoch" ? epoch.ToString(CultureInfo.InvariantCulture) : PyFormat.Repr(value);
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
