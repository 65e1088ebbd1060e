using System.Net;
using System.Net.WebSockets;

namespace GosChat.TestSupport.SignalR;

/// <summary>How <see cref="WebSocketConnectionFactory"/> opens its sockets.</summary>
public sealed class WebSocketClientOptions
{
    /// <summary>Called before every connect; a non-empty result is sent as the <c>access_token</c> query parameter.</summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    /// <summary>Cookies sent with the WebSocket upgrade request (for cookie-authenticated hubs).</summary>
    public CookieContainer? Cookies { get; set; }

    /// <summary>Extra request headers for the upgrade request.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Last chance to tweak the socket (sub-protocols, keep-alive, proxies).</summary>
    public Action<ClientWebSocketOptions>? ConfigureSocket { get; set; }

    /// <summary>How long a graceful close may take before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
