namespace KerasSharp.Tests;

/// <summary>
/// Tests that depend on process-wide state (layer-name counters such as conv2d_1, environment
/// variables, resident memory, libtorch's default random generator) run alone, so parallel tests
/// cannot disturb them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "Process-wide state";
}
