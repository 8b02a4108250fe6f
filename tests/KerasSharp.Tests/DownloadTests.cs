using System.Security.Cryptography;
using Keras.Datasets;
using Keras.Utils;

namespace KerasSharp.Tests;

/// <summary>Downloads against a local HTTP server on 127.0.0.1 started by the test.</summary>
[Collection(ProcessStateCollection.Name)]
public class DownloadTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
    private static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b)).ToLowerInvariant();
    private static string TempCache() => Directory.CreateTempSubdirectory("kerassharp-dl-").FullName;

    [Fact]
    public void A_verified_download_lands_under_its_name_and_is_reused()
    {
        using var server = new LocalHttpServer();
        server.Route("files/data.bin", (200, Payload));
        string cache = TempCache();
        string path = DataUtils.GetFile("data.bin", server.Url("files/data.bin"), file_hash: Sha(Payload), cache_dir: cache);
        Assert.Equal(Path.Combine(cache, "datasets", "data.bin"), path);
        Assert.Equal(Payload, File.ReadAllBytes(path));
        DataUtils.GetFile("data.bin", server.Url("files/data.bin"), cache_dir: cache);
        Assert.Single(server.Requests);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "datasets")));
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("datasets/../../elsewhere")]
    [InlineData("/etc")]
    public void A_cache_subdir_that_leaves_the_cache_is_refused_before_any_request(string subdir)
    {
        using var server = new LocalHttpServer();
        server.Route("files/data.bin", (200, Payload));
        string cache = TempCache();
        var e = Assert.Throws<ArgumentException>(() => DataUtils.GetFile("data.bin", server.Url("files/data.bin"), cache_subdir: subdir, cache_dir: cache));
        Assert.Contains($"cache_subdir '{subdir}' leaves the cache folder", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_server_that_trickles_is_given_up_at_the_overall_deadline()
    {
        using var server = new LocalHttpServer();
        server.Handle("slow.bin", async response =>
        {
            response.ContentLength64 = 100;
            for (int i = 0; i < 100; i++)
            {
                await response.OutputStream.WriteAsync(new byte[] { 1 });
                await response.OutputStream.FlushAsync();
                await Task.Delay(500);
            }
        });
        string cache = TempCache();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<DownloadException>(() =>
            DataUtils.GetFile("slow.bin", server.Url("slow.bin"), cache_dir: cache, timeout_seconds: 1, total_timeout_seconds: 2, backoff_seconds: 0.01));
        Assert.Contains("did not finish within 2 s", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "datasets")));
    }

    [Fact]
    public void A_file_larger_than_it_can_be_is_refused_whether_announced_or_sent()
    {
        using var server = new LocalHttpServer();
        server.Route("announced.bin", (200, new byte[1000]));
        server.Handle("unannounced.bin", async response =>
        {
            response.SendChunked = true;
            for (int i = 0; i < 10; i++) await response.OutputStream.WriteAsync(new byte[1000]);
        });
        string cache = TempCache();
        var announced = Assert.Throws<DownloadException>(() => DataUtils.GetFile("announced.bin", server.Url("announced.bin"), cache_dir: cache, max_bytes: 100));
        Assert.Contains("announces 1000 bytes, more than the 100", announced.Message);
        var sent = Assert.Throws<DownloadException>(() => DataUtils.GetFile("unannounced.bin", server.Url("unannounced.bin"), cache_dir: cache, max_bytes: 2500));
        Assert.Contains("sent more than the 2500 bytes", sent.Message);
        Assert.Equal(2, server.Requests.Count); // refused outright, not retried
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "datasets")));
    }

    [Fact]
    public void Only_http_and_https_addresses_are_fetched_redirects_included()
    {
        using var server = new LocalHttpServer();
        server.Handle("to-file", response => { response.StatusCode = 302; response.RedirectLocation = "file:///etc/passwd"; return Task.CompletedTask; });
        server.Handle("to-data", response => { response.StatusCode = 302; response.RedirectLocation = "/files/data.bin"; return Task.CompletedTask; });
        server.Route("files/data.bin", (200, Payload));
        string cache = TempCache();
        var redirect = Assert.Throws<DownloadException>(() => DataUtils.GetFile("a.bin", server.Url("to-file"), cache_dir: cache));
        Assert.Contains("redirects to file:///etc/passwd, which is not an http or https address", redirect.Message);
        var origin = Assert.Throws<DownloadException>(() => DataUtils.GetFile("b.bin", "file:///etc/passwd", cache_dir: cache));
        Assert.Contains("only http and https addresses are fetched", origin.Message);
        Assert.Equal(Payload, File.ReadAllBytes(DataUtils.GetFile("c.bin", server.Url("to-data"), file_hash: Sha(Payload), cache_dir: cache)));
    }

    [Fact]
    public void A_hash_mismatch_leaves_no_file()
    {
        using var server = new LocalHttpServer();
        server.Route("data.bin", (200, Payload));
        string cache = TempCache();
        var e = Assert.Throws<DownloadException>(() => DataUtils.GetFile("data.bin", server.Url("data.bin"), file_hash: new string('0', 64), cache_dir: cache));
        Assert.Contains("sha256", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "datasets")));
    }

    [Fact]
    public void Server_errors_are_retried_with_backoff()
    {
        using var server = new LocalHttpServer();
        server.Route("data.bin", (500, Array.Empty<byte>()), (503, Array.Empty<byte>()), (200, Payload));
        string path = DataUtils.GetFile("data.bin", server.Url("data.bin"), file_hash: Sha(Payload), cache_dir: TempCache(), backoff_seconds: 0.01);
        Assert.Equal(Payload, File.ReadAllBytes(path));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void A_missing_file_is_not_retried_and_the_message_says_where_to_put_it()
    {
        using var server = new LocalHttpServer();
        string cache = TempCache();
        var e = Assert.Throws<DownloadException>(() => DataUtils.GetFile("nothing.bin", server.Url("nothing.bin"), cache_dir: cache, backoff_seconds: 0.01));
        Assert.Single(server.Requests);
        Assert.Contains("404", e.Message);
        Assert.Contains(server.Url("nothing.bin"), e.Message);
        Assert.Contains(Path.Combine(cache, "datasets", "nothing.bin"), e.Message);
    }

    [Fact]
    public void A_refused_connection_gives_a_clear_offline_message()
    {
        string url = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/cifar.tar.gz";
        string cache = TempCache();
        var e = Assert.Throws<DownloadException>(() => DataUtils.GetFile("cifar.tar.gz", url, cache_dir: cache, retries: 2, backoff_seconds: 0.01));
        Assert.Contains(url, e.Message);
        Assert.Contains("To work offline", e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(cache, "datasets")));
    }

    [SkippableFact]
    public void Loaders_download_from_a_mirror_into_the_keras_cache()
    {
        DatasetFixtures.RequireFashionMnist(); // Debian's copy is what the first load below reads
        using var server = new LocalHttpServer();
        foreach (var file in Directory.GetFiles(DatasetFixtures.File("fashion-mnist")))
            server.Route(Path.GetFileName(file), (200, File.ReadAllBytes(file)));
        server.Route("cifar-100-python.tar.gz", (200, File.ReadAllBytes(DatasetFixtures.File("cifar-100-python.tar.gz"))));
        server.Route("cifar-10-python.tar.gz", (200, File.ReadAllBytes(DatasetFixtures.File("cifar-10-python.tar.gz"))));
        server.Route("mnist.npz", (200, File.ReadAllBytes(DatasetFixtures.File("mnist.npz"))));
        string cache = TempCache();
        Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", server.Url(""));
        try
        {
            // Debian's copy of Fashion-MNIST comes before any download, so the mirror is not asked.
            var fashion = FashionMNIST.LoadData(cache_dir: cache);
            Assert.Equal(new long[] { 60000, 28, 28 }, fashion.Item1.x_train.shape);
            Assert.DoesNotContain(server.Requests, r => r.Contains("idx"));

            var cifar100 = Cifar100.LoadData(cache_dir: cache);
            Assert.Equal(new long[] { 5, 32, 32, 3 }, cifar100.Item1.x_train.shape);
            Assert.True(File.Exists(Path.Combine(cache, "datasets", Cifar100.CacheArchive)));

            // CIFAR-10 and MNIST carry Keras's sha256 of the real files: a fixture must be refused, and not kept.
            var cifar10 = Assert.Throws<DownloadException>(() => Cifar10.LoadData(cache_dir: cache));
            Assert.Contains(Cifar10.Sha256, cifar10.Message);
            var mnist = Assert.Throws<DownloadException>(() => MNIST.LoadData(cache_dir: cache));
            Assert.Contains(MNIST.Sha256, mnist.Message);
            Assert.False(File.Exists(Path.Combine(cache, "datasets", Cifar10.CacheArchive)));
            Assert.False(File.Exists(Path.Combine(cache, "datasets", "mnist.npz")));
            Assert.Contains("/cifar-10-python.tar.gz", server.Requests);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERASSHARP_DATASETS_MIRROR", null);
        }
    }
}
