using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace GosChat.Server.Connections;

/// <summary>
/// Redis pub/sub keeps nothing: whatever other nodes published while this node's subscription connection was down is
/// gone. When that connection is restored, this node tells each of its own hub connections <c>Resync {}</c>, and the
/// clients fetch what they missed by sequence number (<c>GetMessages</c>). The event goes straight to each local
/// connection (<c>Clients.Client</c> of a connection on this node never touches Redis); other nodes' clients hear it
/// from their own node if it had a gap too.
/// <para>
/// StackExchange.Redis re-subscribes every channel as the connection comes back and only then reports it restored; a
/// PING on the subscription connection, answered after those SUBSCRIBEs, confirms they took effect before anyone is
/// told to fetch, so nothing published after the fetch can fall into the gap.
/// </para>
/// </summary>
public sealed partial class BackplaneResync(
    IServiceProvider services, LocalConnections connections, IHubContext<ChatHub, IChatClient> citizens,
    IHubContext<OperatorHub, IOperatorClient> operators, ILogger<BackplaneResync> logger) : IHostedService
{
    private static readonly TimeSpan[] PingRetries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private IConnectionMultiplexer? _redis;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _redis = services.GetService<IConnectionMultiplexer>(); // none on the embedded store: no backplane, no gaps
        if (_redis is not null) _redis.ConnectionRestored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_redis is not null) _redis.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // The interactive connection carries no pushes. (With RESP3 and a shared subscription connection, GosChat does
        // not configure, the subscription would come back with the interactive one.)
        if (e.ConnectionType == ConnectionType.Subscription) _ = Task.Run(ResyncOneAtATimeAsync);
    }

    private async Task ResyncOneAtATimeAsync()
    {
        await _oneAtATime.WaitAsync();
        try
        {
            await ResyncAsync();
        }
        catch (Exception ex)
        {
            Failed(logger, ex);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task ResyncAsync()
    {
        var subscriber = _redis!.GetSubscriber();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await subscriber.PingAsync();
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < PingRetries.Length)
            {
                await Task.Delay(PingRetries[attempt]);
            }
        }
        var sent = 0;
        foreach (var id in connections.IdsOf<ChatHub>())
        {
            await citizens.Clients.Client(id).Resync(ResyncDto.Instance);
            sent++;
        }
        foreach (var id in connections.IdsOf<OperatorHub>())
        {
            await operators.Clients.Client(id).Resync(ResyncDto.Instance);
            sent++;
        }
        Resynced(logger, sent);
    }

    [LoggerMessage(EventId = 820, Level = LogLevel.Information,
        Message = "The backplane subscription is back: told {Count} local hub connection(s) to resync")]
    private static partial void Resynced(ILogger logger, int count);

    [LoggerMessage(EventId = 821, Level = LogLevel.Warning, Message = "Telling local hub connections to resync failed")]
    private static partial void Failed(ILogger logger, Exception ex);
}
