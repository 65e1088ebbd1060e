using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GosChat.Server.Tests.Infrastructure;

/// <summary>
/// A small ASP.NET Core app on Kestrel at 127.0.0.1 (a free port) for hub-level tests that must not
/// depend on the real server's composition. Dispose stops it.
/// </summary>
public sealed class TestHubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHubHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>
    /// Starts an app with SignalR. <paramref name="configure"/> adds services (e.g. a backplane),
    /// <paramref name="map"/> maps hubs; by default <see cref="TestHub"/> is mapped at /hubs/test.
    /// </summary>
    public static async Task<TestHubHost> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Logging.AddProvider(new TestContextLoggerProvider());
        builder.Services.AddSignalR(options => options.EnableDetailedErrors = true);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        if (map is null) app.MapHub<TestHub>("/hubs/test");
        else map(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new TestHubHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
