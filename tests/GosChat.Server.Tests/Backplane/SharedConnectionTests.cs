using GosChat.Server.Tests.Infrastructure;
using GosChat.Storage.Redis;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>
/// The backplane borrows the node's one Redis connection: the package disposes what it is given with every hub's
/// lifetime manager, but the connection belongs to the container and outlives them all.
/// </summary>
public sealed class SharedConnectionTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp] public void StartRedis() => _redis = RedisServer.Start();
    [OneTimeTearDown] public void StopRedis() => _redis.Dispose();

    [Test]
    public async Task DisposingAHubsLifetimeManager_LeavesTheNodesConnectionOpen()
    {
        IConnectionMultiplexer? connection = null;
        await using var host = await StartTwoHubNodeAsync(made => connection = made);
        await using (var client = await HubClients.ConnectAsync(host.Url("hubs/backplane"))) { }

        ((IDisposable)host.Services.GetRequiredService<HubLifetimeManager<BackplaneHub>>()).Dispose();

        Assert.That(connection!.IsConnected, Is.True);
        Assert.That(await connection.GetDatabase().PingAsync(), Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task StoppingANodeWithTwoHubs_ClosesItsConnectionOnce_AfterTheHubs()
    {
        IConnectionMultiplexer? connection = null;
        var host = await StartTwoHubNodeAsync(made => connection = made);
        var onBackplaneHub = await HubClients.ConnectAsync(host.Url("hubs/backplane"));
        var onTestHub = await HubClients.ConnectAsync(host.Url("hubs/test"));
        await onTestHub.InvokeAsync("JoinGroup", "queue-101");

        Assert.That(async () => await host.DisposeAsync(), Throws.Nothing);

        Assert.That(connection!.IsConnected, Is.False, "the container disposed the connection");
        await onBackplaneHub.DisposeAsync();
        await onTestHub.DisposeAsync();
    }

    /// <summary>A node whose connection is made and owned by the container, as in production, and only the backplane uses it.</summary>
    private Task<TestHubHost> StartTwoHubNodeAsync(Action<IConnectionMultiplexer> made)
    {
        var options = RedisConnectionOptions.Parse(_redis.ConnectionString);
        return TestHubHost.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
                {
                    var connection = ConnectionMultiplexer.Connect(options);
                    made(connection);
                    return connection;
                });
                builder.Services.AddSignalR().AddGosChatRedisBackplane(options);
            },
            app =>
            {
                app.MapHub<BackplaneHub>("/hubs/backplane");
                app.MapHub<TestHub>("/hubs/test");
            });
    }
}
