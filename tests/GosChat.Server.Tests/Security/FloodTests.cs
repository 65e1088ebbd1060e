using System.Diagnostics;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// One anonymous visitor cannot flood the citizen hub: each connection and each address has its limits, refused
/// with <c>rate_limited</c>, and the same on every node (shared counters on Redis).
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class FloodTests(string storage) : ServerFixtureBase(storage)
{
    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Limits:ConnectionsPerAddress"] = "6",
        ["GosChat:Limits:MessagesPerSession"] = "30",
    };

    private static StartSessionRequest Request(string text = "Вопрос") => new("102", text, "ru", null, null, null, null, null);

    private static async Task<string> RefusalAsync(Func<Task> call)
    {
        var error = Assert.ThrowsAsync<HubException>(async () => await call());
        return error!.Message;
    }

    [Test]
    public async Task StartSession_IsRefusedPastThreePerConnection_AndNothingMoreIsQueued()
    {
        var citizen = await Citizen();
        for (var i = 0; i < 3; i++) await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());

        Assert.That(await RefusalAsync(() => citizen.InvokeAsync<SessionStartedDto>("StartSession", Request())), Does.Contain("rate_limited:"));
        var waiting = (await Server.Centre.Store.LoadSnapshotAsync()).Waiting.Count(s => s.Queue == "102");
        Assert.That(waiting, Is.EqualTo(3));
    }

    [Test]
    public async Task SendMessage_IsRefusedPastTwentyInTenSeconds_AndAgainAllowedInTheNextWindow()
    {
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        for (var i = 0; i < 20; i++) await citizen.InvokeAsync<SendResult>("SendMessage", $"m{i}", $"c{i}");

        Assert.That(await RefusalAsync(() => citizen.InvokeAsync<SendResult>("SendMessage", "one too many", "c20")), Does.Contain("rate_limited:"));
        Assert.That(await Server.Centre.Messages.GetAsync(started.SessionId), Has.Count.EqualTo(21), "the opening text and twenty messages");

        Server.Clock.AdvanceSeconds(10);
        await citizen.InvokeAsync<SendResult>("SendMessage", "next window", "c21");
    }

    [Test]
    public async Task MessagesPerSession_AreCapped()
    {
        var citizen = await Citizen();
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        for (var i = 0; i < 30; i++)
        {
            if (i % 20 == 19) Server.Clock.AdvanceSeconds(10);
            await citizen.InvokeAsync<SendResult>("SendMessage", $"m{i}", $"c{i}");
        }
        Server.Clock.AdvanceSeconds(10);

        Assert.That(await RefusalAsync(() => citizen.InvokeAsync<SendResult>("SendMessage", "31st", "c30")), Does.Contain("conversation"));
    }

    [Test]
    public async Task Typing_PastTheLimit_IsDroppedSilently()
    {
        var (op, offers) = await AvailableOperator("op102");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        var typing = op.Inbox<OperatorTypingDto>("Typing");
        var messages = op.Inbox<MessageDto>("Message");

        for (var i = 0; i < 50; i++) await citizen.InvokeAsync("Typing", i % 2 == 0);
        await citizen.InvokeAsync<SendResult>("SendMessage", "marker", "marker");
        await messages.WaitAsync(m => m.ClientMessageId == "marker");

        Assert.That(typing.All, Has.Count.InRange(1, 20));
    }

    [Test]
    public async Task Uploads_BeforeAnOperatorJoins_AreLimitedToOne_ThenAllowedUpToThePerSessionCap()
    {
        var (op, offers) = await AvailableOperator("op102");
        await op.InvokeAsync("SetPresence", "away");
        var citizen = await Citizen();
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", Request());

        Assert.That((await UploadAsync(started, "a.pdf")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created));
        var second = await UploadAsync(started, "b.pdf");
        Assert.That(second.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.TooManyRequests));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("rate_limited"));

        await op.InvokeAsync("SetPresence", "available");
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        for (var i = 2; i <= 10; i++)
            Assert.That((await UploadAsync(started, $"f{i}.pdf")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), $"file {i}");
        Assert.That((await UploadAsync(started, "f11.pdf")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.TooManyRequests), "ten files per session");
        var files = (await Server.Centre.Messages.GetAsync(started.SessionId)).Count(m => m.Attachment is not null);
        Assert.That(files, Is.EqualTo(10));
    }

    private async Task<HttpResponseMessage> UploadAsync(SessionStartedDto started, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4 test"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{started.SessionId}/attachments") { Content = form };
        request.Headers.Add("X-Resume-Token", started.ResumeToken);
        return await Server.Http.SendAsync(request);
    }

    [Test]
    public async Task ConnectionsPerAddress_AreCapped_AndFreedOnClose()
    {
        var open = new List<HubConnection>();
        for (var i = 0; i < 6; i++) open.Add(await Citizen());

        var seventh = Assert.CatchAsync(() => Citizen());
        Assert.That(seventh!.Message, Does.Contain("429"));

        await DropAsync(open[0]);
        await Eventually.AssertAsync(async () =>
        {
            try { await DropAsync(await Citizen()); return true; }
            catch (Exception) { return false; }
        }, "a closed connection frees its place");
    }
}

/// <summary>A flooding client costs the others almost nothing: it is turned away before any shared work.</summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class FloodLatencyTests(string storage) : ServerFixtureBase(storage)
{
    private static StartSessionRequest Request(string text) => new("102", text, "ru", null, null, null, null, null);

    [Test]
    public async Task AFloodingClient_IsRefusedAndCutOff_WhileAnotherCitizenIsStillServed()
    {
        var quietCitizen = await Citizen();
        await quietCitizen.InvokeAsync<SessionStartedDto>("StartSession", Request("Спокойный вопрос"));
        await MeasureAsync(quietCitizen, "warm", 30);
        var quiet = await MeasureAsync(quietCitizen, "quiet", 100);

        // The flood comes from a raw WebSocket writing 3,000 frames back to back from one small buffer, so the test's
        // own client costs little and what is measured is the server.
        using var flooder = await RawChatClient.ConnectAsync(Server.Url("hubs/chat"));
        var sessionId = await flooder.StartSessionAsync("102", "Поток");
        var text = new string('я', 4000);
        var flood = flooder.FloodAsync(3000, i => ("SendMessage", [text, $"f{i}"]));
        var during = await MeasureAsync(quietCitizen, "flood", 100);
        var (errors, closed) = await flood;

        Assert.That(closed, Is.True, "a connection that keeps flooding is closed");
        Assert.That(errors, Is.GreaterThanOrEqualTo(Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GosChat.Server.Limits.LimitOptions>>()
            .Value.RefusalsBeforeDisconnect - 1), "refused with rate_limited before it was closed");
        var stored = await Server.Centre.Messages.GetAsync(sessionId);
        Assert.That(stored.Count(m => m.ClientMessageId?.StartsWith('f') == true), Is.LessThanOrEqualTo(20 * 8), "no more than the connection's windows allowed");
        // Every send of the other citizen was answered (MeasureAsync fails on a refusal). Its p99 is reported, not yet
        // held to 1.5× of quiet: see docs/security.md, "Not yet controlled".
        TestContext.Out.WriteLine($"another citizen's send p99: quiet {quiet:0.0} ms, during the flood {during:0.0} ms");
    }

    /// <summary>p99 in ms of <paramref name="count"/> sends, one after another, each a fresh window of the clock.</summary>
    private async Task<double> MeasureAsync(HubConnection citizen, string tag, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            if (i % 15 == 0) Server.Clock.AdvanceSeconds(10); // a fresh window every 15 sends: inside its own limit
            var started = Stopwatch.GetTimestamp();
            await citizen.InvokeAsync<SendResult>("SendMessage", "Уточнение", $"{tag}{i}");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times[(int)Math.Ceiling(0.99 * times.Count) - 1];
    }
}
