using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Keras.Utils;

/// <summary>
/// Streams a URL into a new file (<see cref="AtomicFile"/>), with a progress line on a terminal, an idle timeout,
/// bounded retries with backoff, and a hash check; only a complete, verified file gets the target name.
/// </summary>
internal static class Downloader
{
    /// <summary>How many redirects a download follows, each to an http or https address.</summary>
    private const int MaxRedirects = 5;

    public static void Download(string url, string target, string? fileHash, int retries, TimeSpan timeout, TimeSpan firstBackoff, TextWriter? progress,
        TimeSpan deadline, long? maxBytes)
    {
        if (!IsHttp(new Uri(url, UriKind.RelativeOrAbsolute)))
            throw new DownloadException($"Could not download {url}: only http and https addresses are fetched.");
        using var overall = new CancellationTokenSource(deadline);
        AtomicFile.Write(target, file =>
        {
            Exception? last = null;
            for (int attempt = 0; attempt <= retries && !overall.IsCancellationRequested; attempt++)
            {
                if (attempt > 0) Thread.Sleep(firstBackoff * Math.Pow(2, attempt - 1));
                try
                {
                    file.SetLength(0);
                    Fetch(url, file, timeout, overall.Token, maxBytes, progress);
                    last = null;
                    break;
                }
                catch (DownloadException)
                {
                    throw; // refused outright (too large, a redirect elsewhere than http): trying again will not help
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
            if (last is not null || overall.IsCancellationRequested)
                throw new DownloadException(
                    $"Could not download {url}: {(overall.IsCancellationRequested ? $"it did not finish within {deadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s." : Describe(last!))}\n" +
                    $"To work offline, download that file elsewhere and put it at {target} (or pass its location as path:).", last);

            if (fileHash is not null)
            {
                file.Position = 0;
                // As Keras's file_hash: 64 hex digits are a sha256, 32 an md5 (Keras 2's text datasets name theirs so).
                var (algorithm, actual) = fileHash.Length == 32
                    ? ("md5", Convert.ToHexString(MD5.HashData(file)).ToLowerInvariant())
                    : ("sha256", Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant());
                if (!actual.Equals(fileHash, StringComparison.OrdinalIgnoreCase))
                    throw new DownloadException(
                        $"The file downloaded from {url} has {algorithm} {actual}, but {fileHash} was expected: it is damaged or the origin changed. " +
                        $"Nothing was saved. Retry, or put a good copy at {target}.");
            }
        });
    }

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { StatusCode: { } code } => $"the server answered {(int)code} {code}.",
        OperationCanceledException => "no data arrived within the timeout.",
        _ => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message,
    };

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Fetch(string url, FileStream file, TimeSpan timeout, CancellationToken deadline, long? maxBytes, TextWriter? progress)
    {
        // Redirects are followed here, not by HttpClient, so that each target's scheme can be checked.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var address = new Uri(url);
        HttpResponseMessage response;
        for (int hop = 0; ; hop++)
        {
            using var headers = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            headers.CancelAfter(timeout);
            response = client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, headers.Token).GetAwaiter().GetResult();
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location) break;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(address, location);
            if (!IsHttp(next)) throw new DownloadException($"Could not download {url}: it redirects to {next}, which is not an http or https address.");
            if (hop == MaxRedirects) throw new DownloadException($"Could not download {url}: more than {MaxRedirects} redirects.");
            address = next;
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        if (response.Content.Headers.ContentLength is long announced && announced > maxBytes)
            throw new DownloadException($"Could not download {url}: it announces {announced} bytes, more than the {maxBytes} this file can have.");
        long? total = response.Content.Headers.ContentLength;
        using var body = response.Content.ReadAsStream();
        var buffer = new byte[1 << 16];
        long received = 0;
        var clock = Stopwatch.StartNew();
        double lastDraw = 0;
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            idle.CancelAfter(timeout);
            int n = body.ReadAsync(buffer, idle.Token).AsTask().GetAwaiter().GetResult();
            if (n == 0) break;
            received += n;
            if (received > maxBytes)
                throw new DownloadException($"Could not download {url}: it sent more than the {maxBytes} bytes this file can have. Nothing was saved.");
            file.Write(buffer, 0, n);
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
