namespace Keras.Utils;

/// <summary><c>keras.utils.get_file</c>: a file from the Keras cache, downloaded once if missing.</summary>
public static class DataUtils
{
    /// <summary>
    /// Returns the path of <c>fname</c> in the cache (<see cref="KerasCache"/>), downloading it from
    /// <c>origin</c> first when it is not there. With <c>file_hash</c> (sha256), the download is verified
    /// before it is kept. A failed or interrupted download never leaves a file under the final name.
    /// </summary>
    /// <param name="fname">The file's name in the cache; a plain name, no folders.</param>
    /// <param name="origin">The URL to download from when the file is not cached.</param>
    /// <param name="file_hash">The expected sha256; the download is refused when it differs.</param>
    /// <param name="cache_subdir">The cache subfolder; <c>datasets</c> by default.</param>
    /// <param name="cache_dir">The cache folder to use instead of <c>$KERAS_HOME</c> or <c>~/.keras</c>.</param>
    /// <param name="retries">Attempts after the first when a download fails.</param>
    /// <param name="timeout_seconds">Seconds without data after which an attempt is given up.</param>
    /// <param name="backoff_seconds">Wait before the first retry; doubled for each later one.</param>
    /// <param name="total_timeout_seconds">Seconds after which the download is given up, however the server trickles; an hour by default.</param>
    /// <param name="max_bytes">The most the file can hold; a server that announces or sends more is refused at once. By default
    /// <see cref="DefaultMaxBytes"/> (600 MiB), more than any file Keras downloads (its largest, VGG16's weights, is 528 MB).</param>
    /// <returns>The cached file's full path.</returns>
    public static string GetFile(string fname, string origin, string? file_hash = null, string cache_subdir = "datasets",
        string? cache_dir = null, int retries = 3, double timeout_seconds = 60, double backoff_seconds = 1,
        double total_timeout_seconds = 3600, long? max_bytes = DefaultMaxBytes)
    {
        if (string.IsNullOrEmpty(fname) || fname.Contains("..") || Path.IsPathRooted(fname))
            throw new ArgumentException($"fname must be a plain file name; got '{fname}'.");
        string target = Path.Combine(KerasCache.Folder(cache_subdir, cache_dir), fname);
        if (File.Exists(target)) return target;
        origin = Mirrored(origin);
        TextWriter? progress = Console.IsOutputRedirected ? null : Console.Out;
        Console.Out.WriteLine($"Downloading data from {origin}");
        Downloader.Download(origin, target, file_hash, retries, TimeSpan.FromSeconds(timeout_seconds), TimeSpan.FromSeconds(backoff_seconds), progress,
            TimeSpan.FromSeconds(total_timeout_seconds), max_bytes);
        return target;
    }

    /// <summary>The most a download may hold unless <c>max_bytes</c> says otherwise: 600 MiB.</summary>
    public const long DefaultMaxBytes = 600L << 20;

    /// <summary>
    /// With <c>KERASSHARP_DATASETS_MIRROR</c> set (say, to an internal server), files are fetched from
    /// <c>{mirror}/{file name}</c> instead of their public origin; the hash checks stay the same.
    /// </summary>
    /// <param name="origin">A file's public URL.</param>
    /// <returns>The URL to fetch it from.</returns>
    public static string Mirrored(string origin)
    {
        string? mirror = Environment.GetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR");
        return string.IsNullOrEmpty(mirror) ? origin : $"{mirror.TrimEnd('/')}/{origin[(origin.LastIndexOf('/') + 1)..]}";
    }
}
