namespace Keras.Utils;

/// <summary>Keras's lookup of objects by name ("relu", "sgd", "glorot_uniform"), with one error that lists the valid names.</summary>
internal sealed class NameRegistry<T>(string kind, Dictionary<string, Func<T>> known)
{
    /// <summary>Whether there is an object of that name; builds none.</summary>
    public bool Contains(string name) => known.ContainsKey(name);

    /// <summary>The object of that name, or default when there is none.</summary>
    public T? TryGet(string name) => known.TryGetValue(name, out var make) ? make() : default;

    public T Get(string name) =>
        known.TryGetValue(name, out var make)
            ? make()
            : throw new ArgumentException($"Unknown {kind} '{name}'. Valid names: {string.Join(", ", known.Keys)}.");
}
