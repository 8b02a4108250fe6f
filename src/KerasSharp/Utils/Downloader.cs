using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Keras.Utils;

/// <summary>
/// Streams a URL into a new file (<see cref="AtomicFile"/>), with a progress line on a terminal, an idle timeout,
/// bounded retries with backoff, and a hash check; only a complete, verified file gets the target name.
/// </summary>
internal static class Downloader
{
    public static void Download(string url, string target, string? sha256, int retries, TimeSpan timeout, TimeSpan firstBackoff, TextWriter? progress) =>
        AtomicFile.Write(target, file =>
        {
            Exception? last = null;
            for (int attempt = 0; attempt <= retries; attempt++)
            {
                if (attempt > 0) Thread.Sleep(firstBackoff * Math.Pow(2, attempt - 1));
                try
                {
                    file.SetLength(0);
                    Fetch(url, file, timeout, progress);
                    last = null;
                    break;
                }
                catch (HttpRequestException e) when (e.StatusCode is { } code && (int)code is >= 400 and < 500)
                {
                    last = e;
                    break; // a client error (404, 403) will not change on retry
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
                {
                    last = e;
                }
            }
            if (last is not null)
                throw new DownloadException(
                    $"Could not download {url}: {Describe(last)}\n" +
                    $"To work offline, download that file elsewhere and put it at {target} (or pass its location as path:).", last);

            if (sha256 is not null)
            {
                file.Position = 0;
                string actual = Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
                if (!actual.Equals(sha256, StringComparison.OrdinalIgnoreCase))
                    throw new DownloadException(
                        $"The file downloaded from {url} has sha256 {actual}, but {sha256} was expected: it is damaged or the origin changed. " +
                        $"Nothing was saved. Retry, or put a good copy at {target}.");
            }
        });

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { StatusCode: { } code } => $"the server answered {(int)code} {code}.",
        OperationCanceledException => "no data arrived within the timeout.",
        _ => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message,
    };

    private static void Fetch(string url, FileStream file, TimeSpan timeout, TextWriter? progress)
    {
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var headers = new CancellationTokenSource(timeout);
        using var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        long? total = response.Content.Headers.ContentLength;
        using var body = response.Content.ReadAsStream();
        var buffer = new byte[1 << 16];
        long received = 0;
        var clock = Stopwatch.StartNew();
        double lastDraw = 0;
        while (true)
        {
            using var idle = new CancellationTokenSource(timeout);
            int n = body.ReadAsync(buffer, idle.Token).AsTask().GetAwaiter().GetResult();
            if (n == 0) break;
            file.Write(buffer, 0, n);
            received += n;
            if (progress is not null && clock.Elapsed.TotalSeconds - lastDraw >= 0.1)
            {
                lastDraw = clock.Elapsed.TotalSeconds;
                Draw(progress, received, total, lastDraw);
            }
        }
        if (total is { } expected && received != expected)
            throw new IOException($"the connection closed after {received} of {expected} bytes.");
        if (progress is not null)
        {
            Draw(progress, received, total, clock.Elapsed.TotalSeconds);
            progress.WriteLine();
        }
    }

    private static void Draw(TextWriter output, long received, long? total, double seconds)
    {
        double rate = seconds > 0 ? received / seconds : 0;
        string line = $"\r  {Megabytes(received)}" + (total is { } t ? $" / {Megabytes(t)}" : "") + $"  {Megabytes((long)rate)}/s";
        if (total is { } all && rate > 0 && received < all) line += $"  ETA {Progbar.FormatEta((all - received) / rate)}";
        output.Write(line.PadRight(60));
        output.Flush();
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
