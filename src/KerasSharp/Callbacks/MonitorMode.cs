namespace Keras.Callbacks;

/// <summary>Keras's "auto"/"min"/"max" for a monitored value: auto means max for accuracies, else min.</summary>
internal static class MonitorMode
{
    /// <summary>True when larger values of <paramref name="monitor"/> are better.</summary>
    public static bool GreaterIsBetter(string mode, string monitor) => mode switch
    {
        "max" => true,
        "min" => false,
        "auto" => monitor.Contains("acc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"mode must be 'auto', 'min' or 'max'; got '{mode}'."),
    };
}
