namespace Keras.Utils;

/// <summary>Keras's lookup of objects by name ("relu", "sgd", "glorot_uniform"), with one error that lists the valid names.</summary>
internal sealed class NameRegistry<T>(string kind, Dictionary<string, Func<T>> known)
{
    public T Get(string name) =>
        known.TryGetValue(name, out var make)
            ? make()
            : throw new ArgumentException($"Unknown {kind} '{name}'. Valid names: {string.Join(", ", known.Keys)}.");
}
