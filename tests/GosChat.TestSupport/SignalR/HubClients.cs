using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.TestSupport.SignalR;

/// <summary>
/// Builds real <see cref="HubConnection"/>s that talk to a hub over a direct WebSocket
/// (the full <c>Microsoft.AspNetCore.SignalR.Client</c> package is not available, its core is).
/// </summary>
public static class HubClients
{
    /// <summary>A hub connection to <paramref name="hubUrl"/> using the JSON protocol; call <c>StartAsync</c> on it.</summary>
    /// <param name="hubUrl">e.g. http://127.0.0.1:5123/hubs/chat (ws:// works too); any query string is kept.</param>
    /// <param name="accessToken">Called on every (re)connect; sent as <c>access_token</c> in the query string.</param>
    /// <param name="configure">Cookies, headers, socket options.</param>
    /// <param name="configureBuilder">Logging, automatic reconnect, timeouts.</param>
    public static HubConnection Build(
        Uri hubUrl,
        Func<Task<string?>>? accessToken = null,
        Action<WebSocketClientOptions>? configure = null,
        Action<IHubConnectionBuilder>? configureBuilder = null)
    {
        var options = new WebSocketClientOptions { AccessTokenProvider = accessToken };
        configure?.Invoke(options);

        var builder = new HubConnectionBuilder(); // registers the JSON protocol and logging by default
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(options));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(hubUrl));
        configureBuilder?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Builds and starts a connection.</summary>
    public static async Task<HubConnection> ConnectAsync(
        Uri hubUrl,
        Func<Task<string?>>? accessToken = null,
        Action<WebSocketClientOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var connection = Build(hubUrl, accessToken, configure);
        try
        {
            await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }
}
