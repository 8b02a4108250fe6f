namespace KerasSharp.Tests;

/// <summary>
/// Tests of what is process-wide however KerasSharp keeps its own state in sessions (<see cref="SessionScopedTest"/>),
/// run alone: libtorch's own global generator (compared against by the dropout tests), libtorch's bfloat16 kernel
/// verdicts (the kernel check's tests replace its probe), the console and environment variables (the tutorial app,
/// Keras.NET programs, downloads), resident memory, and builds that pack or compile the library.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "Process-wide state";
}
