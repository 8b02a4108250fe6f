namespace Keras.Utils;

/// <summary>A dataset file could not be fetched; the message names the URL, the cause and where to put the file by hand.</summary>
/// <param name="message">What failed, and what to do about it.</param>
/// <param name="inner">The error that caused it, if any.</param>
public sealed class DownloadException(string message, Exception? inner = null) : IOException(message, inner);
