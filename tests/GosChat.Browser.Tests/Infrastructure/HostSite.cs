using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>
/// A stand-in for a partner's web site: one HTML page on its own loopback port, so the widget is embedded from
/// another origin exactly as on a real site (the browser treats both as the local network).
/// </summary>
public sealed class HostSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile byte[] _page = [];

    /// <summary>The page every *.html path answers.</summary>
    public string Html
    {
        set => _page = Encoding.UTF8.GetBytes(value);
    }

    public string Origin { get; }

    private HostSite(int port)
    {
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public static HostSite Start() => new(FreePort());

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = context.Request.Url?.AbsolutePath ?? "/";
            context.Response.StatusCode = path.EndsWith(".html", StringComparison.Ordinal) ? 200 : 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            if (context.Response.StatusCode == 200) await context.Response.OutputStream.WriteAsync(_page);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
