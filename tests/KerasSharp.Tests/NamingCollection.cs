namespace KerasSharp.Tests;

/// <summary>
/// Tests that depend on Keras's process-wide layer-name counters (conv2d_1, ...) run alone, after
/// <c>Backend.ClearSession()</c>, so parallel tests cannot take their numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NamingCollection
{
    public const string Name = "Layer naming";
}
