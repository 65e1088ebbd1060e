using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Connections;

/// <summary>
/// Maps a hub as <c>MapHub</c> does (the same connection endpoint and the hub's attributes and <see cref="HubMetadata"/>
/// on it), with one connection middleware in front of the hub: the connection's outgoing side goes through an
/// <see cref="OutboundBuffer"/>, and the connection is in <see cref="LocalConnections"/> while it lasts.
/// </summary>
public static class HubMapping
{
    public static IEndpointConventionBuilder MapGosChatHub<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] THub>(
        this IEndpointRouteBuilder endpoints, string pattern, Action<HttpConnectionDispatcherOptions>? configure = null)
        where THub : Hub
    {
        var options = new HttpConnectionDispatcherOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        var local = services.GetRequiredService<LocalConnections>();
        var watch = services.GetRequiredService<OutboundWatch>();
        var outbound = services.GetRequiredService<IOptions<OutboundOptions>>().Value;

        var builder = endpoints.MapConnections(pattern, options, connection => connection
            .Use(next => async context =>
            {
                var entry = new LocalConnection(typeof(THub), context, outbound.MaxBufferedBytes, watch.Overflowed);
                context.Transport = entry.Outbound;
                local.Add(entry);
                try
                {
                    await next(context);
                }
                finally
                {
                    local.Remove(entry);
                }
            })
            .UseHub<THub>());
        var attributes = typeof(THub).GetCustomAttributes(inherit: true);
        builder.Add(endpoint =>
        {
            foreach (var attribute in attributes) endpoint.Metadata.Add(attribute);
            endpoint.Metadata.Add(new HubMetadata(typeof(THub)));
        });
        return builder;
    }
}
