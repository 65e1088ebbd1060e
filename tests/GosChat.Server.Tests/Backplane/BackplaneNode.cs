using GosChat.Server.Tests.Infrastructure;
using GosChat.Storage.Redis.Backplane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>One app node on Kestrel with the Redis backplane and <see cref="BackplaneHub"/> at /hubs/backplane.</summary>
public sealed class BackplaneNode : IAsyncDisposable
{
    private readonly TestHubHost _host;

    private BackplaneNode(string name, TestHubHost host, ConnectionMultiplexer multiplexer)
    {
        Name = name;
        _host = host;
        Multiplexer = multiplexer;
    }

    public string Name { get; }
    public ConnectionMultiplexer Multiplexer { get; }
    public Uri HubUrl => _host.Url("hubs/backplane");

    public RedisHubLifetimeManager<BackplaneHub> Manager =>
        (RedisHubLifetimeManager<BackplaneHub>)_host.Services.GetRequiredService<HubLifetimeManager<BackplaneHub>>();

    public static async Task<BackplaneNode> StartAsync(string name, string redisConnectionString, TimeSpan? groupCommandTimeout = null)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(redisConnectionString);
        try
        {
            var host = await TestHubHost.StartAsync(
                builder =>
                {
                    builder.Services.AddSignalR().AddGosChatRedisBackplane(_ => multiplexer, o => o.GroupCommandTimeout = groupCommandTimeout ?? TimeSpan.FromSeconds(15));
                    builder.Services.AddSingleton<IUserIdProvider, QueryStringUserIdProvider>();
                },
                app => app.MapHub<BackplaneHub>("/hubs/backplane"));
            return new BackplaneNode(name, host, multiplexer);
        }
        catch
        {
            multiplexer.Dispose();
            throw;
        }
    }

    /// <summary>A client connected to this node, optionally as <paramref name="user"/>.</summary>
    public Task<Probe> ConnectAsync(string? user = null) =>
        Probe.ConnectAsync(user is null ? HubUrl : new Uri(HubUrl + "?user=" + Uri.EscapeDataString(user)), Name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.DisposeAsync();
        }
        finally
        {
            Multiplexer.Dispose();
        }
    }
}
