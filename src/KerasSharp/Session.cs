using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace Keras;

/// <summary>
/// Everything KerasSharp keeps for the process, in one place, as Keras's backend session: the device models are built
/// on, the global dtype policy, the layer-name counters (<c>conv2d_1</c>, <c>conv2d_2</c>...), the random numbers, and
/// where warnings go. <see cref="Current"/> is the process's session unless a <see cref="Scope"/> is open: a scope
/// gives the code inside it (and the tasks it starts) a session of its own, restored when it is disposed, so tests and
/// apps set these without touching anybody else's. <c>Backend.SetDevice</c>, <c>MixedPrecision.SetGlobalPolicy</c>,
/// <c>Backend.ClearSession</c> and <c>Util.SetRandomSeed</c> act on the current session.
/// </summary>
/// <remarks>
/// Left process-wide, because libtorch itself is: its thread count, and which bfloat16 kernels are right on this CPU.
/// </remarks>
public sealed class Session
{
    private static readonly Session ProcessWide = new(null, null, 0);
    private static readonly AsyncLocal<Session?> Scoped = new();

    private readonly ConcurrentDictionary<string, int> _uids = new();
    private readonly object _gate = new();
    private Device? _device;
    private Policy _policy;
    private TextWriter? _warnings;

    private Session(Device? device, Policy? policy, long seed, TextWriter? warnings = null)
    {
        _device = device;
        _policy = policy ?? new Policy("float32");
        _warnings = warnings;
        Random = new RandomState(seed);
    }

    /// <summary>The session code runs in: the innermost open <see cref="Scope"/>'s, else the process's.</summary>
    public static Session Current => Scoped.Value ?? ProcessWide;

    /// <summary>
    /// The device models are built on: by default CUDA when libtorch sees a GPU, else the CPU, or what the
    /// <c>KERAS_DEVICE</c> environment variable says (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>).
    /// </summary>
    public Device Device
    {
        get { lock (_gate) return _device ??= Backend.Resolve(Environment.GetEnvironmentVariable("KERAS_DEVICE") ?? "auto"); }
        internal set { lock (_gate) _device = value; }
    }

    /// <summary>The dtype policy layers created now take, when they name none.</summary>
    public Policy Policy
    {
        get { lock (_gate) return _policy; }
        internal set { lock (_gate) _policy = value; }
    }

    /// <summary>This session's random numbers.</summary>
    public RandomState Random { get; }

    /// <summary>Where warnings go: standard error when null.</summary>
    public TextWriter? WarningWriter
    {
        get { lock (_gate) return _warnings; }
        set { lock (_gate) _warnings = value; }
    }

    /// <summary>The next 1-based counter for a name prefix, as Keras's <c>K.get_uid</c>.</summary>
    internal int NextUid(string prefix) => _uids.AddOrUpdate(prefix, 1, (_, n) => n + 1);

    /// <summary>Starts every name counter again, as Keras's <c>K.clear_session</c>.</summary>
    internal void ClearNames() => _uids.Clear();

    /// <summary>
    /// Opens a session of its own for the code until the returned scope is disposed: the current session's device and
    /// policy unless given, name counters from 1, and a random state seeded with <paramref name="seed"/> (a fresh
    /// random seed when none is given).
    /// </summary>
    /// <param name="device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; the current session's by default.</param>
    /// <param name="policy"><c>float32</c> or <c>mixed_bfloat16</c>; the current session's by default.</param>
    /// <param name="seed">The seed of the scope's random numbers.</param>
    /// <param name="warnings">Where the scope's warnings go; the current session's writer by default.</param>
    /// <returns>The scope: dispose it to return to the session that was current before.</returns>
    public static IDisposable Scope(string? device = null, string? policy = null, long? seed = null, TextWriter? warnings = null)
    {
        var outer = Current;
        var session = new Session(device is null ? outer.Device : Backend.Resolve(device), policy is null ? outer.Policy : new Policy(policy),
            seed ?? System.Random.Shared.NextInt64(), warnings ?? outer.WarningWriter);
        var scope = new ScopeHandle(session, Scoped.Value);
        DeviceCompatibilityCheck.Log(session.Policy); // once the scope is current, so that its warnings writer gets it
        return scope;
    }

    private sealed class ScopeHandle : IDisposable
    {
        private readonly Session _session;
        private readonly Session? _outer;
        private bool _disposed;

        public ScopeHandle(Session session, Session? outer)
        {
            (_session, _outer) = (session, outer);
            Scoped.Value = session;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Scoped.Value = _outer;
            _session.Random.Dispose();
        }
    }
}
