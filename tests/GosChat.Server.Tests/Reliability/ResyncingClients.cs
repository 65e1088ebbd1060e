using System.Net.WebSockets;
using GosChat.Domain.Serialization;
using GosChat.Server.Hubs;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// Hub clients that do what the widget and the console do about gaps: reconnect by themselves (and are asked to, by a
/// stopping node), show every message once (<see cref="ShownMessages"/>), and after every reconnect and every
/// <c>Resync</c> fetch what they have not shown with <c>GetMessages(… afterSeq)</c>, retrying until it answers.
/// </summary>
public abstract class ResyncingClient : IAsyncDisposable
{
    private static readonly TimeSpan FetchRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FetchGivesUp = TimeSpan.FromSeconds(60);
    private int _resyncs;
    private int _reconnects;

    protected ResyncingClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<MessageDto>("Message", m => { if (m.SessionId == SessionId) Shown.Pushed(m); });
        connection.On<ResyncDto>("Resync", OnResync);
        connection.Reconnected += async _ =>
        {
            Interlocked.Increment(ref _reconnects);
            await AfterReconnectAsync();
        };
    }

    public HubConnection Connection { get; }

    private void OnResync(ResyncDto resync)
    {
        Interlocked.Increment(ref _resyncs);
        _ = CatchUpAsync();
    }

    public ShownMessages Shown { get; } = new();

    public string SessionId { get; protected set; } = "";

    public int Resyncs => Volatile.Read(ref _resyncs);

    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Re-binds what a new connection needs (the citizen's session), then catches up.</summary>
    protected abstract Task AfterReconnectAsync();

    /// <summary>The messages after the watermark, for this side.</summary>
    protected abstract Task<IReadOnlyList<MessageDto>> FetchAsync(long afterSeq);

    /// <summary>Fetches what is missing, retrying while the node cannot answer yet (its store may come back after its backplane).</summary>
    protected async Task CatchUpAsync()
    {
        var giveUp = DateTime.UtcNow + FetchGivesUp;
        while (true)
        {
            try
            {
                Shown.FetchedAll(await FetchAsync(Shown.Watermark));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < giveUp)
            {
                await Task.Delay(FetchRetry);
            }
            catch (Exception)
            {
                return; // the next reconnect or Resync tries again
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    /// <summary>
    /// A hub connection that reconnects for ever — at once, as the widget and the console do, then every 250 ms — through <paramref name="balancer"/> when given (a stopped
    /// node's clients come back on another one, as behind a load balancer).
    /// </summary>
    protected static HubConnection Build(Uri hub, string? token, NodeBalancer? balancer) =>
        HubClients.Build(hub, token is null ? null : () => Task.FromResult<string?>(token),
            configure: o => { if (balancer is not null) o.WebSocketFactory = balancer.ConnectAsync; },
            configureBuilder: b => b
                .AddJsonProtocol(o => DomainJson.Configure(o.PayloadSerializerOptions))
                .WithAutomaticReconnect(new AtOnceThenEveryQuarterSecond()));

    private sealed class AtOnceThenEveryQuarterSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(250);
    }
}

/// <summary>A citizen: starts a session, re-binds to it after a reconnect (ResumeSession), fetches with GetMessages(afterSeq).</summary>
public sealed class ResyncingCitizen : ResyncingClient
{
    private string _resumeToken = "";

    private ResyncingCitizen(HubConnection connection) : base(connection) { }

    public static async Task<ResyncingCitizen> StartAsync(Uri hub, string topic, NodeBalancer? balancer = null)
    {
        var client = new ResyncingCitizen(Build(hub, null, balancer));
        await client.Connection.StartAsync();
        var started = await client.Connection.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest(topic, null, "ru", null, null, null, null, null));
        client.SessionId = started.SessionId;
        client._resumeToken = started.ResumeToken;
        return client;
    }

    public Task<SendResult> SendAsync(string text, string clientMessageId) =>
        Connection.InvokeAsync<SendResult>("SendMessage", text, clientMessageId);

    protected override async Task AfterReconnectAsync()
    {
        try
        {
            var snapshot = await Connection.InvokeAsync<SessionSnapshotDto>("ResumeSession", _resumeToken);
            Shown.FetchedAll(snapshot.Messages);
        }
        catch (Exception)
        {
            // the node cannot answer yet; the fetch below retries, and ResumeSession again on the next reconnect
        }
        await CatchUpAsync();
    }

    protected override async Task<IReadOnlyList<MessageDto>> FetchAsync(long afterSeq) =>
        await Connection.InvokeAsync<List<MessageDto>>("GetMessages", afterSeq);
}

/// <summary>An operator's console on one session: accepts it, reloads with GetState after a reconnect, fetches with GetMessages(sessionId, afterSeq).</summary>
public sealed class ResyncingConsole : ResyncingClient
{
    private ResyncingConsole(HubConnection connection) : base(connection) { }

    /// <summary>Connects, goes available and accepts the offer of <paramref name="sessionId"/>.</summary>
    public static async Task<ResyncingConsole> AcceptAsync(Uri hub, string token, string sessionId, NodeBalancer? balancer = null)
    {
        var client = new ResyncingConsole(Build(hub, token, balancer)) { SessionId = sessionId };
        var offers = client.Connection.Inbox<OfferDto>("Offer");
        await client.Connection.StartAsync();
        await client.Connection.InvokeAsync("SetPresence", "available");
        var offer = await offers.WaitAsync(o => o.SessionId == sessionId);
        var snapshot = await client.Connection.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
        client.Shown.FetchedAll(snapshot.Messages);
        return client;
    }

    public Task<SendResult> SendAsync(string text, string clientMessageId) =>
        Connection.InvokeAsync<SendResult>("SendMessage", SessionId, text, clientMessageId);

    protected override async Task AfterReconnectAsync()
    {
        try
        {
            await Connection.InvokeAsync("SetPresence", "available");
            var state = await Connection.InvokeAsync<OperatorStateDto>("GetState");
            foreach (var session in state.Sessions.Where(s => s.SessionId == SessionId)) Shown.FetchedAll(session.Messages);
        }
        catch (Exception)
        {
            // the node cannot answer yet; the fetch below retries
        }
        await CatchUpAsync();
    }

    protected override async Task<IReadOnlyList<MessageDto>> FetchAsync(long afterSeq) =>
        await Connection.InvokeAsync<List<MessageDto>>("GetMessages", SessionId, afterSeq);
}

/// <summary>
/// Opens a client's WebSocket on the first of several nodes that takes it, as a load balancer would: a stopping node
/// refuses (503), so its clients come back on another one.
/// </summary>
public sealed class NodeBalancer(params Uri[] nodes)
{
    public async ValueTask<WebSocket> ConnectAsync(WebSocketConnectionContext context, CancellationToken cancellation)
    {
        var token = context.Options.AccessTokenProvider is { } provider ? await provider() : null;
        Exception? last = null;
        foreach (var node in nodes)
        {
            var socket = new ClientWebSocket();
            if (token is not null) socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            var uri = new UriBuilder(context.Uri) { Host = node.Host, Port = node.Port }.Uri;
            try
            {
                await socket.ConnectAsync(uri, cancellation);
                return socket;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
            {
                last = ex;
                socket.Dispose();
            }
        }
        throw last ?? new InvalidOperationException("no node");
    }
}
