using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Composition;

/// <summary>Trusting the reverse proxy (client address and scheme), and HSTS, from <see cref="ProxyOptions"/>.</summary>
public static class ProxySetup
{
    public static IServiceCollection AddGosChatProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddHsts(_ => { });
        services.AddOptions<HstsOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) => o.MaxAge = proxy.Value.HstsMaxAge);
        return services;
    }

    /// <summary>First in the pipeline: later parts (limits, cookies, the origin check) see the real client.</summary>
    public static WebApplication UseGosChatProxy(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.TrustsAnyProxy) app.UseForwardedHeaders();
        if (proxy.Hsts) app.UseHsts();
        return app;
    }
}
