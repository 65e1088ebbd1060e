using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Server.Hubs;
using GosChat.Server.Notifications;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Ivr;

/// <summary>The test acting as the telephony platform: a GosChat server with an API key, and HTTP helpers.</summary>
public abstract class IvrFixture
{
    public const string ApiKey = "test-ivr-key";
    private readonly bool _useRedis;
    private RedisServer? _redis;
    protected GosChatServer Server = null!;
    private readonly List<IAsyncDisposable> _disposables = [];

    protected IvrFixture(bool useRedis = true) => _useRedis = useRedis;

    /// <summary>The fixture's Redis (null on the embedded store), for a second node on the same store.</summary>
    protected string? RedisConnection => _redis?.ConnectionString;

    [OneTimeSetUp]
    public void StartRedis()
    {
        if (_useRedis) _redis = RedisServer.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [TearDown]
    public async Task StopServers()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--) await _disposables[i].DisposeAsync();
        _disposables.Clear();
    }

    protected static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GosChat:Ivr:ApiKeys:0"] = ApiKey,
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    /// <summary>A fresh server on an empty store (Redis flushed first).</summary>
    protected async Task<GosChatServer> StartAsync(Dictionary<string, string?>? settings = null, FakeClock? clock = null)
    {
        if (_redis is not null)
        {
            using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            foreach (var endpoint in admin.GetEndPoints()) await admin.GetServer(endpoint).FlushAllDatabasesAsync();
        }
        Server = await GosChatServer.StartAsync(_redis?.ConnectionString, settings ?? Settings(), clock);
        _disposables.Add(Server);
        return Server;
    }

    protected T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? apiKey = ApiKey,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return Server.Http.SendAsync(request);
    }

    protected async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> PostCallAsync(string callId, string dialed, string caller = "+7 (495) 123-45-67") =>
        await JsonAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls", new { callId, caller, dialed }));

    protected async Task<JsonElement> GetCallAsync(string callId) =>
        await JsonAsync(await SendAsync(HttpMethod.Get, $"api/ivr/calls/{callId}"));

    protected async Task<JsonElement> CallEventAsync(string callId, string type) =>
        await JsonAsync(await SendAsync(HttpMethod.Post, $"api/ivr/calls/{callId}/events", new { type }));

    protected async Task<string> CallStateAsync(string callId) => (await GetCallAsync(callId)).GetProperty("state").GetString()!;

    /// <summary>The code the embedded notification port "sent" for a booking.</summary>
    protected Notification CodeOf(JsonElement booking)
    {
        var ticket = booking.GetProperty("ticket").GetString();
        return Server.Services.GetRequiredService<OutboxNotificationSender>().Sent.Last(n => n.Reference == ticket);
    }

    /// <summary>Confirms a pending anonymous booking with the code sent to its phone.</summary>
    protected async Task<JsonElement> ConfirmCallbackAsync(JsonElement booking, HttpStatusCode expected = HttpStatusCode.OK) =>
        await JsonAsync(await SendAsync(HttpMethod.Post, $"api/callbacks/{booking.GetProperty("ticket").GetString()}/confirm",
            new { code = CodeOf(booking).Code }, apiKey: null, headers: ("X-Callback-Id", booking.GetProperty("callbackId").GetString()!)), expected);

    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    /// <summary>An operator on /hubs/operator, available, recording the offers it gets.</summary>
    protected async Task<OperatorClient> OperatorAsync(string login)
    {
        var connection = Track(await Server.OperatorAsync(login));
        var client = new OperatorClient(connection);
        await connection.InvokeAsync("SetPresence", "available");
        return client;
    }
}

public sealed class OperatorClient
{
    public HubConnection Connection { get; }
    public ConcurrentQueue<OfferDto> Offers { get; } = new();

    public OperatorClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<OfferDto>("Offer", Offers.Enqueue);
    }

    public async Task<OfferDto> NextOfferAsync(Func<OfferDto, bool>? match = null)
    {
        OfferDto? found = null;
        await Eventually.AssertAsync(() => (found = Offers.LastOrDefault(o => match?.Invoke(o) ?? true)) is not null, "an offer");
        return found!;
    }

    public Task<SessionSnapshotDto> AcceptAsync(OfferDto offer) =>
        Connection.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);
}

/// <summary>
/// A small HTTP listener (Kestrel) on 127.0.0.1 standing in for the telephony platform's webhook receiver: plain http,
/// or https with <paramref name="certificate"/>; <c>redirect</c> answers every delivery with a 307 to /elsewhere,
/// which counts what reaches it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;
    public ConcurrentQueue<(string Timestamp, string Signature, string Body)> Received { get; } = new();
    public int Requests;
    public int Redirected;
    public Uri Url { get; }

    private WebhookReceiver(WebApplication app, Uri url) => (_app, Url) = (app, url);

    /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync(int failFirst,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null, bool redirect = false)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null) l.UseHttps(certificate);
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/elsewhere", () =>
        {
            Interlocked.Increment(ref self!.Redirected);
            return Results.Ok();
        });
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            Interlocked.Increment(ref self!.Requests);
            if (redirect) return Results.Redirect("/elsewhere", permanent: false, preserveMethod: true);
            if (Interlocked.Decrement(ref self._failuresLeft) >= 0) return Results.StatusCode(500);
            self.Received.Enqueue((http.Request.Headers["X-GosChat-Timestamp"].ToString(), http.Request.Headers["X-GosChat-Signature"].ToString(), body));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self = new WebhookReceiver(app, new Uri(address + "/hook")) { _failuresLeft = failFirst };
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
