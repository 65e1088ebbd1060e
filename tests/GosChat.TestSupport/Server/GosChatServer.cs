using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Domain.Engine;
using GosChat.Domain.Serialization;
using GosChat.Server.Composition;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace GosChat.TestSupport.Server;

/// <summary>
/// The real GosChat server — the same composition as Program.cs — on Kestrel at 127.0.0.1 on a free port,
/// with a fake clock. With <c>redis</c> it runs on that Redis (and several of these are several nodes). Delayed jobs
/// run on Hangfire; <see cref="DueJobs"/> runs the ones due on the fake clock.
/// </summary>
public sealed class GosChatServer : IAsyncDisposable
{
    /// <summary>
    /// 10:00 Moscow time on a Monday that is a working day, inside default hours: 23 November 2026, or the
    /// Monday named by the environment variable <c>GOSCHAT_TEST_MONDAY</c> (<c>yyyy-MM-dd</c>), which runs the
    /// whole suite with the test servers' clock in another year.
    /// </summary>
    public static readonly Instant MondayMorning = MorningOf(Environment.GetEnvironmentVariable("GOSCHAT_TEST_MONDAY") is { Length: > 0 } monday ? monday : "2026-11-23");

    /// <summary>10:00 Moscow time (07:00 UTC) on the given Monday, <c>yyyy-MM-dd</c>.</summary>
    public static Instant MorningOf(string monday)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(monday).GetValueOrThrow();
        if (date.DayOfWeek != IsoDayOfWeek.Monday) throw new ArgumentException($"{monday} is a {date.DayOfWeek}, not a Monday.", nameof(monday));
        return date.At(new LocalTime(7, 0)).InUtc().ToInstant();
    }

    private readonly WebApplication _app;
    public Uri BaseAddress { get; }
    public FakeClock Clock { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;
    /// <summary>This server's log lines (every level from Debug), as <see cref="Logging.LogCapture"/> keeps them.</summary>
    public Logging.LogCaptureProvider Logs { get; private init; } = null!;
    public ContactCentre Centre => _app.Services.GetRequiredService<ContactCentre>();

    public static readonly JsonSerializerOptions Json = DomainJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly string? _ownDataFolder;

    private GosChatServer(WebApplication app, Uri baseAddress, FakeClock clock, string? ownDataFolder)
    {
        _app = app;
        _ownDataFolder = ownDataFolder;
        BaseAddress = baseAddress;
        Clock = clock;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    /// <param name="redis">A Redis connection string, or null for the embedded store.</param>
    /// <param name="settings">Configuration overrides, e.g. ["GosChat:OfferTimeout"] = "00:00:05".</param>
    /// <param name="clock">A shared clock (several nodes), or null for a new one at <see cref="MondayMorning"/>.</param>
    /// <param name="services">Registrations made before the server's own (the server's take precedence).</param>
    /// <param name="overrides">Registrations made after the server's own, replacing them (a fault injected into one node).</param>
    public static async Task<GosChatServer> StartAsync(
        string? redis = null,
        IDictionary<string, string?>? settings = null,
        FakeClock? clock = null,
        string environment = "Development",
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? overrides = null)
    {
        clock ??= new FakeClock(MondayMorning);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = RepositoryPaths.ServerProject,
            WebRootPath = RepositoryPaths.WebRoot,
        });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // Every line of every test server, at Debug, goes to the run's log capture, and what the test clients send
        // is collected as sensitive: the run's last fixture scans the lines for it (Logging/LogCapture.cs).
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var logs = Logging.LogCapture.NewProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<Logging.LogCaptureProvider>(null, LogLevel.Debug);
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, Logging.SecretCapture.StartupFilter>();
        builder.Services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => o.AddFilter(new Logging.SecretCapture.HubFilter()));
        // Each server has its own data folder (the embedded store's files), removed when it stops, unless a test
        // names one (a node restarted on the same folder).
        var ownFolder = settings?.ContainsKey("GosChat:DataFolder") != true;
        var dataFolder = ownFolder ? Directory.CreateTempSubdirectory("goschat-data-").FullName : settings!["GosChat:DataFolder"];
        var config = new Dictionary<string, string?>
        {
            ["GosChat:SweepInterval"] = "00:00:00.050",
            // Hangfire: few workers, a quick scheduler and stop; tests drive due jobs with DueJobs on the fake clock.
            ["GosChat:Jobs:WorkerCount"] = "4",
            ["GosChat:Jobs:SchedulePollingInterval"] = "00:00:00.200",
            ["GosChat:Jobs:ShutdownTimeout"] = "00:00:05",
            ["Redis:Configuration"] = redis ?? "",
            ["GosChat:DataFolder"] = dataFolder,
            // Scopes are off by default (memory per connection); the test servers keep them, so the run's log scan
            // reads them too.
            ["Logging:CaptureScopes"] = "true",
        };
        // Outside Development a node needs a certificate for its key ring; tests of production nodes get one.
        if (environment != "Development")
        {
            config["GosChat:DataProtection:CertificatePath"] = TestCertificates.KeyRingPfx;
            config["GosChat:DataProtection:CertificatePassword"] = TestCertificates.Password;
            config["GosChat:ServerSecret"] = "a test server secret, at least thirty-two characters";
        }
        // Every node encrypts personal data under the run's test key, unless a test names its own keys.
        if (settings?.Keys.Any(k => k.StartsWith("GosChat:Encryption", StringComparison.OrdinalIgnoreCase)) != true)
            foreach (var (k, v) in TestEncryptionKeys.Settings) config[k] = v;
        if (settings is not null)
            foreach (var (k, v) in settings) config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<IClock>(clock);
        services?.Invoke(builder.Services);
        builder.AddGosChat();
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            app.MapGosChat();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync(); // a node refused at start (bad settings) leaves nothing running
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new GosChatServer(app, new Uri(address + "/"), clock, ownFolder ? dataFolder : null) { Logs = logs };
    }

    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>A started citizen connection to /hubs/chat.</summary>
    public Task<HubConnection> CitizenAsync() => ConnectAsync(Url("hubs/chat"), null);

    /// <summary>Signs in and returns the access token.</summary>
    public async Task<string> LoginAsync(string login, string password = "demo")
    {
        var response = await Http.PostAsJsonAsync("api/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>A started operator connection to /hubs/operator, signed in as <paramref name="login"/>.</summary>
    public async Task<HubConnection> OperatorAsync(string login, string password = "demo")
    {
        var token = await LoginAsync(login, password);
        return await ConnectAsync(Url("hubs/operator"), token);
    }

    /// <summary>A started connection speaking JSON with the server's converters, so typed DTOs round-trip.</summary>
    public static Task<HubConnection> ConnectAsync(Uri hub, string? token) =>
        HubClients.ConnectAsync(hub, token is null ? null : () => Task.FromResult<string?>(token),
            configureBuilder: b => b.AddJsonProtocol(o => DomainJson.Configure(o.PayloadSerializerOptions)));

    private bool _stopped;

    /// <summary>Stops the node as a deployment does (SIGTERM): within the host's shutdown timeout, 30 s by default.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            if (!_stopped) await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // A node whose links a test cut (a killed node) may not finish a graceful stop: Hangfire's server then gives
            // up waiting for its workers when the timeout ends. It is disposed all the same.
        }
        finally
        {
            await _app.DisposeAsync();
            if (_ownDataFolder is not null)
                try { Directory.Delete(_ownDataFolder, recursive: true); } catch (IOException) { }
        }
    }
}
