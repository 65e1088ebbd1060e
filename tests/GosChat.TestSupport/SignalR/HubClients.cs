using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.TestSupport.SignalR;

/// <summary>
/// Real <see cref="HubConnection"/>s (Microsoft.AspNetCore.SignalR.Client) that talk to a hub over a WebSocket
/// straight away: no negotiate round trip, no fallback to another transport.
/// </summary>
public static class HubClients
{
    /// <summary>A hub connection to <paramref name="hubUrl"/> using the JSON protocol; call <c>StartAsync</c> on it.</summary>
    /// <param name="hubUrl">e.g. http://127.0.0.1:5123/hubs/chat; any query string is kept.</param>
    /// <param name="accessToken">Called on every (re)connect; the client sends it as <c>Authorization: Bearer …</c>.</param>
    /// <param name="configure">Headers, cookies, socket options.</param>
    /// <param name="configureBuilder">Protocols, logging, automatic reconnect.</param>
    public static HubConnection Build(
        Uri hubUrl,
        Func<Task<string?>>? accessToken = null,
        Action<HttpConnectionOptions>? configure = null,
        Action<IHubConnectionBuilder>? configureBuilder = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (accessToken is not null) o.AccessTokenProvider = accessToken;
            configure?.Invoke(o);
        });
        configureBuilder?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Builds and starts a connection; disposes it if it does not start.</summary>
    public static async Task<HubConnection> ConnectAsync(
        Uri hubUrl,
        Func<Task<string?>>? accessToken = null,
        Action<HttpConnectionOptions>? configure = null,
        Action<IHubConnectionBuilder>? configureBuilder = null,
        CancellationToken cancellationToken = default)
    {
        var connection = Build(hubUrl, accessToken, configure, configureBuilder);
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
