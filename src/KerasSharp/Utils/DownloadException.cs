namespace Keras.Utils;

/// <summary>A dataset file could not be fetched; the message names the URL, the cause and where to put the file by hand.</summary>
public sealed class DownloadException(string message, Exception? inner = null) : IOException(message, inner);
