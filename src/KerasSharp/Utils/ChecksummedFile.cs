using System.Security.Cryptography;
using System.Text;

namespace Keras.Utils;

/// <summary>
/// A binary file that ends in a trailer, the ASCII <c>KSSHA256</c> and the SHA-256 of every byte before it, so that
/// a flipped bit, an edited value, a cut-off end or bytes appended after it are all found before anything is used.
/// Written atomically (<see cref="AtomicFile"/>). Weights files (version 2) and checkpoints are stored this way.
/// </summary>
internal static class ChecksummedFile
{
    private static readonly byte[] TrailerMagic = Encoding.ASCII.GetBytes("KSSHA256");
    private const int TrailerLength = 8 + 32;

    public static void Write(string path, Action<BinaryWriter> write) =>
        AtomicFile.Write(path, stream =>
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) write(writer);
            stream.Position = 0;
            byte[] hash = SHA256.HashData(stream);
            stream.Write(TrailerMagic);
            stream.Write(hash);
        });

    /// <summary>Whether the file ends in a trailer (files of older formats do not).</summary>
    public static bool HasTrailer(byte[] bytes) =>
        bytes.Length >= TrailerLength && bytes.AsSpan(bytes.Length - TrailerLength, TrailerMagic.Length).SequenceEqual(TrailerMagic);

    /// <summary>
    /// Checks the trailer, then parses the content with <paramref name="read"/>, which must consume all of it.
    /// Every failure is an <see cref="InvalidDataException"/> that names the file and says what is wrong.
    /// </summary>
    public static T Read<T>(string path, byte[] bytes, Func<BinaryReader, T> read)
    {
        if (!HasTrailer(bytes))
            throw new InvalidDataException($"'{path}' does not end in its checksum: the file is truncated, has bytes appended, or was not written by this KerasSharp.");
        int content = bytes.Length - TrailerLength;
        if (!SHA256.HashData(bytes.AsSpan(0, content)).SequenceEqual(bytes.AsSpan(content + TrailerMagic.Length)))
            throw new InvalidDataException($"'{path}' is damaged: its checksum does not match its content (a changed byte, or data appended).");
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, content, writable: false), Encoding.UTF8);
        T result;
        try
        {
            result = read(reader);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is damaged: its records end before their declared size.");
        }
        if (reader.BaseStream.Position != content)
            throw new InvalidDataException($"'{path}' is damaged: {content - reader.BaseStream.Position} unexpected bytes follow its records.");
        return result;
    }
}
