using System.Net;
using System.Net.Sockets;

namespace GosChat.TestSupport;

/// <summary>
/// A TCP forwarder on a free loopback port in front of another port (a node's way to Redis), which a test can close and
/// open again: <see cref="Close"/> cuts every connection through it and refuses new ones until <see cref="Open"/>. One
/// node then loses Redis — its stores and its backplane subscription — while the others keep it.
/// </summary>
public sealed class TcpGate : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private volatile bool _closed;

    public int Port { get; }

    public TcpGate(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>A Redis connection string through this gate.</summary>
    public string RedisConnectionString => $"127.0.0.1:{Port},allowAdmin=true,abortConnect=false";

    /// <summary>Cuts every connection through the gate and refuses new ones.</summary>
    public void Close()
    {
        _closed = true;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    /// <summary>Lets connections through again.</summary>
    public void Open() => _closed = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (_closed)
            {
                inbound.Dispose();
                continue;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
        }
        catch (Exception)
        {
            inbound.Dispose();
            outbound.Dispose();
            return;
        }
        lock (_open)
        {
            if (_closed)
            {
                inbound.Dispose();
                outbound.Dispose();
                return;
            }
            _open.Add(inbound);
            _open.Add(outbound);
        }
        var a = inbound.GetStream();
        var b = outbound.GetStream();
        try
        {
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception)
        {
            // cut by Close, or by either side
        }
        inbound.Dispose();
        outbound.Dispose();
        lock (_open)
        {
            _open.Remove(inbound);
            _open.Remove(outbound);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Close();
        _stop.Dispose();
    }
}
