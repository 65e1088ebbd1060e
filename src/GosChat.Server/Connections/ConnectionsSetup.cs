namespace GosChat.Server.Connections;

/// <summary>
/// The node's own hub connections: outgoing buffers and the watch that cuts connections too far behind
/// (<c>GosChat:Outbound</c>), Resync after a backplane gap, and the graceful stop (<c>GosChat:ShutdownGrace</c>).
/// Hubs are mapped with <see cref="HubMapping.MapGosChatHub{THub}"/> and the gate goes in front of them.
/// </summary>
public static class ConnectionsSetup
{
    public static IServiceCollection AddGosChatConnections(this IServiceCollection services)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalConnections>();
        services.AddSingleton<OutboundWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboundWatch>());
        services.AddSingleton<ConnectionDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionDrain>());
        services.AddHostedService<BackplaneResync>();
        return services;
    }
}
