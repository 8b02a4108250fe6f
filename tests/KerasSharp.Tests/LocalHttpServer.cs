using System.Net;
using System.Net.Sockets;

namespace KerasSharp.Tests;

/// <summary>An HTTP server on 127.0.0.1 for download tests; each path answers with a scripted list of (status, body).</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Queue<(int Status, byte[] Body)>> _routes = new();
    private readonly Dictionary<string, Func<HttpListenerResponse, Task>> _handlers = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public List<string> Requests { get; } = new();

    /// <summary>Answers requests for <paramref name="path"/> in turn; the last answer repeats.</summary>
    public void Route(string path, params (int Status, byte[] Body)[] answers)
    {
        lock (_routes) _routes["/" + path] = new Queue<(int, byte[])>(answers);
    }

    /// <summary>Answers requests for <paramref name="path"/> with a handler of its own (redirects, trickles, no length).</summary>
    public void Handle(string path, Func<HttpListenerResponse, Task> handler)
    {
        lock (_routes) _handlers["/" + path] = handler;
    }

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            (int Status, byte[] Body) answer = (404, Array.Empty<byte>());
            Func<HttpListenerResponse, Task>? handler;
            lock (_routes)
            {
                string path = context.Request.Url!.AbsolutePath;
                Requests.Add(path);
                if (_routes.TryGetValue(path, out var queue)) answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
                _handlers.TryGetValue(path, out handler);
            }
            if (handler is not null)
            {
                // Each on its own task, so that a slow answer does not hold up the next request.
                _ = Task.Run(async () =>
                {
                    try { await handler(context.Response); context.Response.Close(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { }
                });
                continue;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentLength64 = answer.Body.Length;
            await context.Response.OutputStream.WriteAsync(answer.Body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
