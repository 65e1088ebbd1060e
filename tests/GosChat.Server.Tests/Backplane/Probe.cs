using System.Collections.Concurrent;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Backplane;

/// <summary>A test client that records every "msg" event it receives and answers the server's "answer" requests.</summary>
public sealed class Probe : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _received = new();

    private Probe(HubConnection connection, string node)
    {
        Connection = connection;
        Node = node;
        connection.On<string>(BackplaneHub.Event, _received.Enqueue);
        connection.On(BackplaneHub.ClientResult, () => "answer from " + node);
    }

    public HubConnection Connection { get; }
    public string Node { get; }
    public string Id { get; private set; } = "";
    public IReadOnlyCollection<string> Received => _received.ToArray();

    public static async Task<Probe> ConnectAsync(Uri hubUrl, string node)
    {
        var probe = new Probe(HubClients.Build(hubUrl), node);
        await probe.Connection.StartAsync();
        probe.Id = await probe.Connection.InvokeAsync<string>(nameof(BackplaneHub.WhoAmI));
        return probe;
    }

    public Task Invoke(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args);

    public Task ShouldReceive(string text) =>
        Eventually.AssertAsync(() => _received.Contains(text), $"client on node {Node} receives '{text}'");

    /// <summary>
    /// Has <paramref name="sender"/> push a marker to this client and waits for it. Messages sent
    /// earlier from the same node along the same path arrive before the marker, so after this an
    /// absent message is really absent.
    /// </summary>
    public async Task Flush(Probe sender)
    {
        var marker = "flush:" + Guid.NewGuid().ToString("N");
        await sender.Invoke(nameof(BackplaneHub.ToConnection), Id, marker);
        await ShouldReceive(marker);
    }

    public int Count(string text) => _received.Count(x => x == text);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
