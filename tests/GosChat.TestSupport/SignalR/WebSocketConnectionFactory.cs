using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace GosChat.TestSupport.SignalR;

/// <summary>
/// Opens a WebSocket straight to a SignalR hub (no negotiate round trip) and exposes it as a
/// <see cref="ConnectionContext"/> that <c>HubConnection</c> can speak its protocol over.
/// Accepts <see cref="UriEndPoint"/>s with http, https, ws or wss URLs.
/// </summary>
public sealed class WebSocketConnectionFactory : IConnectionFactory
{
    private readonly WebSocketClientOptions _options;

    public WebSocketConnectionFactory(WebSocketClientOptions? options = null) => _options = options ?? new WebSocketClientOptions();

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not UriEndPoint uriEndPoint)
            throw new NotSupportedException($"Only {nameof(UriEndPoint)} is supported, got {endpoint.GetType().Name}.");

        string? token = null;
        if (_options.AccessTokenProvider is { } provider) token = await provider().ConfigureAwait(false);
        var target = ToWebSocketUri(uriEndPoint.Uri, token);

        var socket = new ClientWebSocket();
        try
        {
            if (_options.Cookies is not null) socket.Options.Cookies = _options.Cookies;
            foreach (var (name, value) in _options.Headers) socket.Options.SetRequestHeader(name, value);
            _options.ConfigureSocket?.Invoke(socket.Options);
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return WebSocketConnectionContext.Start(socket, target, _options.CloseTimeout);
    }

    /// <summary>Maps http(s) to ws(s) and appends <c>access_token</c> when a token is given.</summary>
    public static Uri ToWebSocketUri(Uri hubUrl, string? accessToken)
    {
        var builder = new UriBuilder(hubUrl)
        {
            Scheme = hubUrl.Scheme switch
            {
                "http" or "ws" => "ws",
                "https" or "wss" => "wss",
                var other => throw new NotSupportedException($"Unsupported scheme '{other}'."),
            },
        };
        builder.Port = hubUrl.Port; // keep an explicit port across the scheme change
        if (!string.IsNullOrEmpty(accessToken))
        {
            var query = builder.Query.TrimStart('?');
            var tokenPart = "access_token=" + Uri.EscapeDataString(accessToken);
            builder.Query = query.Length == 0 ? tokenPart : query + "&" + tokenPart;
        }
        return builder.Uri;
    }
}
