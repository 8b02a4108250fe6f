using Keras;

namespace KerasSharp.Tests;

/// <summary>
/// Each test of a class deriving from this runs in a session of its own (<see cref="Session.Scope"/>): the CPU named
/// explicitly (exact Histories are the CPU's), layer names counted from 1, its own random numbers (seed 0 until the test
/// seeds them) and the float32 policy. So tests that seed, name layers or set a policy run in parallel with the rest.
/// </summary>
public abstract class SessionScopedTest : IDisposable
{
    private readonly IDisposable _session = Session.Scope(device: "cpu", policy: "float32", seed: 0);

    /// <summary>Returns to the session that was current before the test.</summary>
    public virtual void Dispose()
    {
        _session.Dispose();
        GC.SuppressFinalize(this);
    }
}
