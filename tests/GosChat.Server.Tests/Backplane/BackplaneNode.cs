using GosChat.Server.Tests.Infrastructure;
using GosChat.Storage.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>
/// One app node on Kestrel with SignalR's Redis backplane, wired the way GosChat wires it (its own connection,
/// GosChat's channel prefix), and <see cref="BackplaneHub"/> at /hubs/backplane.
/// </summary>
public sealed class BackplaneNode : IAsyncDisposable
{
    private readonly TestHubHost _host;

    private BackplaneNode(string name, TestHubHost host, IConnectionMultiplexer multiplexer)
    {
        Name = name;
        _host = host;
        Multiplexer = multiplexer;
    }

    public string Name { get; }
    public IConnectionMultiplexer Multiplexer { get; }
    public Uri HubUrl => _host.Url("hubs/backplane");

    public static async Task<BackplaneNode> StartAsync(string name, string redisConnectionString)
    {
        var options = RedisConnectionOptions.Parse(redisConnectionString);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        try
        {
            var host = await TestHubHost.StartAsync(
                builder =>
                {
                    builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer); // lent by this node, which disposes it after the host
                    builder.Services.AddSignalR().AddGosChatRedisBackplane(options);
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
