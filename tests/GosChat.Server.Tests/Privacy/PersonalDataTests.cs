using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Hubs;
using GosChat.Server.Requests;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GosChat.Server.Tests.Privacy;

/// <summary>Supervisors export and erase everything held about a ticket or a phone number, on each store; nobody else can.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class PersonalDataTests(string storage)
{
    private const string Phone = "+7 (903) 777-41-29";
    private RedisServer? _redis;
    private GosChatServer _server = null!;
    private string _folder = null!;
    private readonly LogCapture _logs = new();
    private readonly List<HubConnection> _connections = [];

    [OneTimeSetUp] public void StartRedis() => _redis = storage == "redis" ? RedisServer.Start() : null;
    [OneTimeTearDown] public void StopRedis() => _redis?.Dispose();

    [SetUp]
    public async Task Start()
    {
        if (_redis is not null)
        {
            using var mux = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
            foreach (var ep in mux.GetEndPoints()) await mux.GetServer(ep).FlushAllDatabasesAsync();
        }
        _folder = Directory.CreateTempSubdirectory("goschat-pd-").FullName;
        _logs.Lines.Clear();
        _server = await GosChatServer.StartAsync(_redis?.ConnectionString, new Dictionary<string, string?> { ["GosChat:DataFolder"] = _folder },
            services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    [TearDown]
    public async Task Stop()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        _connections.Clear();
        await _server.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string query, string? login)
    {
        var request = new HttpRequestMessage(method, "api/supervisor/personal-data" + query);
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync(login));
        // A client of its own: the server's shared one keeps the sign-in cookie of every login.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _server.BaseAddress };
        return await client.SendAsync(request);
    }

    /// <summary>A conversation with contact details, a file and a callback booking; closed unless <paramref name="close"/> is false.</summary>
    private async Task<SessionStartedDto> ConversationAsync(bool close = true, Func<HubConnection, SessionStartedDto, Task>? beforeClose = null)
    {
        var op = await _server.OperatorAsync("op101");
        _connections.Add(op);
        var offers = op.Inbox<OfferDto>("Offer");
        await op.InvokeAsync("SetPresence", "available");
        var citizen = await _server.CitizenAsync();
        _connections.Add(citizen);
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101",
            "Не могу войти, паспорт 4510 123456", "ru", null, "Пётр Засекреченный", Phone, "petr.secret@example.ru", null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        await op.InvokeAsync<SendResult>("SendMessage", started.SessionId, "Проверяю", "o-1");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(AtRestEncryptionTests.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "скан.pdf");
        var upload = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        upload.Headers.Add("X-Resume-Token", started.ResumeToken);
        Assert.That((await _server.Http.SendAsync(upload)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        if (beforeClose is not null) await beforeClose(op, started);
        if (close) await op.InvokeAsync("CloseSession", started.SessionId, "сменили пароль");
        return started;
    }

    private async Task<string> BookCallbackAsync()
    {
        var date = GosChatServer.MondayMorning.InUtc().Date.ToString("yyyy-MM-dd", null);
        var slots = await _server.Http.GetFromJsonAsync<JsonElement>($"api/callbacks/slots?queue=101&date={date}");
        // The day's last slot: a booking waiting for it, not a call already queued.
        var slot = slots.EnumerateArray().Last(s => s.GetProperty("free").GetInt32() > 0).GetProperty("slotStart").GetString();
        var booked = await _server.Http.PostAsJsonAsync("api/callbacks", new { phone = Phone, queue = "101", slotStart = slot, name = "Пётр Засекреченный" });
        Assert.That(booked.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task OnlySupervisors_MayExportOrErase()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            Assert.That((await SendAsync(method, "?ticket=312345678", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), method.Method);
            Assert.That((await SendAsync(method, "?ticket=312345678", "op101")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), method.Method);
            Assert.That((await SendAsync(method, "?ticket=312345678", "supervisor")).StatusCode, Is.EqualTo(HttpStatusCode.OK), method.Method);
        }
    }

    [TestCase("")]
    [TestCase("?ticket=312345678&phone=%2B79037774129")]
    [TestCase("?ticket=12345")]
    [TestCase("?ticket=912345678")]
    [TestCase("?phone=abc")]
    [TestCase("?phone=12")]
    public async Task BadQueries_Are400_AndEraseNothing(string query)
    {
        var started = await ConversationAsync();
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, query, "supervisor"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await SendAsync(HttpMethod.Delete, query, "supervisor"), HttpStatusCode.BadRequest);
        var export = await (await SendAsync(HttpMethod.Get, "?ticket=" + started.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(export.GetProperty("sessions").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Export_ByTicket_AndByPhoneWrittenAnotherWay_HoldsEverything()
    {
        var started = await ConversationAsync();
        var callbackTicket = await BookCallbackAsync();

        var byTicket = await (await SendAsync(HttpMethod.Get, "?ticket=" + started.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        var session = byTicket.GetProperty("sessions").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(session.GetProperty("ticket").GetString(), Is.EqualTo(started.Ticket));
            Assert.That(session.GetProperty("name").GetString(), Is.EqualTo("Пётр Засекреченный"));
            Assert.That(session.GetProperty("phone").GetString(), Is.EqualTo(Phone));
            Assert.That(session.GetProperty("email").GetString(), Is.EqualTo("petr.secret@example.ru"));
            Assert.That(session.GetProperty("resolution").GetString(), Is.EqualTo("сменили пароль"));
            Assert.That(session.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()),
                Does.Contain("Не могу войти, паспорт 4510 123456").And.Contain("Проверяю"));
            Assert.That(session.GetProperty("attachments").EnumerateArray().Single().GetProperty("name").GetString(), Is.EqualTo("скан.pdf"));
            Assert.That(byTicket.GetProperty("callbacks").GetArrayLength(), Is.EqualTo(0));
        });

        var byPhone = await (await SendAsync(HttpMethod.Get, "?phone=" + Uri.EscapeDataString("8 903 777 41 29"), "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(byPhone.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { started.SessionId }));
        Assert.That(byPhone.GetProperty("callbacks").EnumerateArray().Select(c => c.GetProperty("ticket").GetString()), Is.EqualTo(new[] { callbackTicket }));
    }

    [Test]
    public async Task Erase_ByPhone_RemovesSessionsMessagesFilesCallbacksAndHistory_AndLogsNoPhone()
    {
        var started = await ConversationAsync();
        var callbackTicket = await BookCallbackAsync();
        var attachmentsBefore = Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Count(f => f.Contains(started.SessionId));

        var response = await SendAsync(HttpMethod.Delete, "?phone=" + Uri.EscapeDataString(Phone), "supervisor");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var erased = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(erased.GetProperty("sessions").GetInt32(), Is.EqualTo(1));
        Assert.That(erased.GetProperty("messages").GetInt32(), Is.GreaterThanOrEqualTo(3));
        Assert.That(erased.GetProperty("attachments").GetInt32(), Is.EqualTo(1));
        Assert.That(erased.GetProperty("callbacks").GetInt32(), Is.EqualTo(1));

        // Gone from the export, by either query.
        var byPhone = await (await SendAsync(HttpMethod.Get, "?phone=" + Uri.EscapeDataString(Phone), "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        var byTicket = await (await SendAsync(HttpMethod.Get, "?ticket=" + started.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        var byCallback = await (await SendAsync(HttpMethod.Get, "?ticket=" + callbackTicket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var export in new[] { byPhone, byTicket, byCallback })
        {
            Assert.That(export.GetProperty("sessions").GetArrayLength(), Is.Zero);
            Assert.That(export.GetProperty("callbacks").GetArrayLength(), Is.Zero);
        }

        // Gone from the store itself.
        if (_redis is not null)
        {
            var stored = await StoredBytes.OfRedisAsync(_redis.ConnectionString);
            // Left: ids only, in keys that expire by themselves (jobs, attachment counters of the day, the resume token's link).
            static bool Kept(string where) => where.Contains("hangfire") || where.Contains(":limits:") || where.Contains(":resume:");
            Assert.That(stored.Keys.Where(k => k.Contains(started.SessionId) && !Kept(k)), Is.Empty);
            Assert.That(StoredBytes.Find(stored, [started.SessionId, callbackTicket]).Where(f => !Kept(f)), Is.Empty);
            Assert.That(StoredBytes.Find(stored, AtRestEncryptionTests.Secrets), Is.Empty);
        }
        else
        {
            Assert.That(attachmentsBefore, Is.EqualTo(2));
            Assert.That(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Where(f => f.Contains(started.SessionId)), Is.Empty);
        }

        // The log says who and how much, never the phone.
        var line = _logs.Lines.Single(l => l.Contains("erased"));
        Assert.That(line, Does.Contain("supervisor").And.Contain("1 sessions").And.Contain("phone #"));
        Assert.That(line, Does.Not.Contain("777").And.Not.Contain("41-29").And.Not.Contain("4129"));
    }

    [Test]
    public async Task ARequestCard_IsExported_ThenErasedWithItsJobs_AndItsLookupIs404()
    {
        OpenedRequestDto opened = null!;
        await ConversationAsync(beforeClose: async (op, started) =>
        {
            opened = await op.InvokeAsync<OpenedRequestDto>("OpenRequest", started.SessionId, new OpenRequestDto("complaint", "standard", "проверить платёж"));
            await op.InvokeAsync<RequestCardDto>("AddRequestAnswer", opened.Ticket, "нужна квитанция");
        });
        var lookup = () => _server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/requests/" + opened.Ticket) { Headers = { { "X-Access-Code", opened.AccessCode } } });
        Assert.That((await lookup()).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The citizen attaches a receipt to the request: erased with it.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4 квитанция"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "receipt.pdf");
        var upload = await _server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/requests/{opened.Ticket}/attachments")
        {
            Content = form, Headers = { { "X-Access-Code", opened.AccessCode } },
        });
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), await upload.Content.ReadAsStringAsync());
        var fileId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var files = _server.Services.GetRequiredService<GosChat.Domain.Ports.IRequestFileStore>();
        Assert.That(await files.GetAsync(opened.Ticket, fileId), Is.Not.Null);
        Assert.That(await ScheduledJobIdsAsync(), Does.Contain($"request:{opened.Ticket}:due"));

        var byTicket = await (await SendAsync(HttpMethod.Get, "?ticket=" + opened.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        var byPhone = await (await SendAsync(HttpMethod.Get, "?phone=" + Uri.EscapeDataString(Phone), "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var export in new[] { byTicket, byPhone })
        {
            var card = export.GetProperty("requests").EnumerateArray().Single();
            Assert.That(card.GetProperty("ticket").GetString(), Is.EqualTo(opened.Ticket));
            Assert.That(card.GetProperty("phone").GetString(), Is.EqualTo(Phone));
            Assert.That(card.GetProperty("notes")[0].GetProperty("text").GetString(), Is.EqualTo("проверить платёж"));
            Assert.That(card.GetProperty("answers")[0].GetProperty("text").GetString(), Is.EqualTo("нужна квитанция"));
            Assert.That(card.GetProperty("history")[0].GetProperty("status").GetString(), Is.EqualTo("received"));
        }

        var erased = await (await SendAsync(HttpMethod.Delete, "?phone=" + Uri.EscapeDataString(Phone), "supervisor")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(erased.GetProperty("requests").GetInt32(), Is.EqualTo(1));
        Assert.That((await lookup()).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ScheduledJobIdsAsync(), Has.None.StartsWith($"request:{opened.Ticket}:"), "its follow-up jobs are cancelled");
        var after = await (await SendAsync(HttpMethod.Get, "?ticket=" + opened.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(after.GetProperty("requests").GetArrayLength(), Is.Zero);
        Assert.That(_logs.Lines.Single(l => l.Contains("erased")), Does.Contain("1 requests"));
        Assert.That(await files.GetAsync(opened.Ticket, fileId), Is.Null, "its file is gone");
        if (_redis is not null)
        {
            var stored = await StoredBytes.OfRedisAsync(_redis.ConnectionString);
            var sequence = opened.Ticket[1..];
            Assert.That(stored.Keys.Where(k => k.Contains("{requests}:") && k.Contains(":" + sequence)), Is.Empty, "the card's and its file's keys are gone");
        }
    }

    private async Task<string[]> ScheduledJobIdsAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/supervisor/jobs?state=scheduled");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _server.LoginAsync("supervisor"));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _server.BaseAddress };
        var jobs = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToArray();
    }

    [Test]
    public async Task Erase_ByTicket_OfAnOpenSession_Is409_AndErasesNothing()
    {
        var started = await ConversationAsync(close: false);

        var response = await SendAsync(HttpMethod.Delete, "?ticket=" + started.Ticket, "supervisor");

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        var export = await (await SendAsync(HttpMethod.Get, "?ticket=" + started.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(export.GetProperty("sessions").EnumerateArray().Single().GetProperty("messages").GetArrayLength(), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Erase_ByTicket_LeavesTheCitizensOtherSessions()
    {
        var first = await ConversationAsync();
        var second = await ConversationAsync();

        Assert.That((await SendAsync(HttpMethod.Delete, "?ticket=" + first.Ticket, "supervisor")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var byPhone = await (await SendAsync(HttpMethod.Get, "?phone=" + Uri.EscapeDataString(Phone), "supervisor")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(byPhone.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("ticket").GetString()), Is.EqualTo(new[] { second.Ticket }));
        var line = _logs.Lines.Single(l => l.Contains("erased"));
        Assert.That(line, Does.Contain("ticket " + first.Ticket));
    }

    [Test]
    public async Task Retention_ErasesAClosedSession_OnceItsRetentionHasPassed_OnTheApplicationClock()
    {
        var started = await ConversationAsync();
        var purge = _server.Services.GetRequiredService<GosChat.Server.Privacy.RetentionPurgeService>();
        async Task<int> HeldAsync() =>
            (await (await SendAsync(HttpMethod.Get, "?ticket=" + started.Ticket, "supervisor")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("sessions").GetArrayLength();

        _server.Clock.Advance(NodaTime.Duration.FromDays(30) - NodaTime.Duration.FromMinutes(1));
        Assert.That((await purge.PurgeOnceAsync()).Sessions, Is.Zero);
        Assert.That(await HeldAsync(), Is.EqualTo(1));

        _server.Clock.Advance(NodaTime.Duration.FromMinutes(2));
        Assert.That((await purge.PurgeOnceAsync()).Sessions, Is.EqualTo(1));
        Assert.That(await HeldAsync(), Is.Zero);
        Assert.That(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Where(f => f.Contains(started.SessionId)), Is.Empty);
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public readonly List<string> Lines = [];
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines) owner.Lines.Add(formatter(state, exception));
            }
        }
    }
}
