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

/// <summary>
/// A flooding client costs the others almost nothing: it is refused in the node's memory and, once it keeps on, cut off
/// at the transport, so another citizen's p99 stays within 1.5× of its quiet value (measured in the same run).
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class FloodLatencyTests(string storage) : ServerFixtureBase(storage)
{
    /// <summary>
    /// Below this a p99 is the machine's noise, not the flood's doing: on the 2-core machine shared with builds where this
    /// runs, quiet p99s of 100 sends range from 0.2 to 20 ms, and the ~30 frames a flooder gets in before it is cut
    /// (about 50 ms of one core) land on a few of the 100 sends measured with it.
    /// </summary>
    private const double FloorMs = 8.0;
    private const int Attempts = 6;
    private const int Tabs = 4; // 15 × 4 sends per 10 s keeps the address within its 600 a minute

    // The measuring citizen sends about 1,000 messages in all: more than one conversation's default allowance.
    protected override Dictionary<string, string?> Settings() => new() { ["GosChat:Limits:MessagesPerSession"] = "100000" };

    private static StartSessionRequest Request(string text) => new("102", text, "ru", null, null, null, null, null);

    [Test]
    public async Task AFloodingClient_IsCutOff_WhileAnotherCitizensP99StaysWithinOneAndAHalfTimesItsQuietValue()
    {
        // The measuring citizen's conversation is open in several tabs (connections), each with its own allowance, so
        // the clock moves a fresh window in only every 15 × Tabs sends. Every move of the clock also refills the
        // flooder's window; with one tab the measuring sends could outpace the ~30 frames it takes to cut the flooder
        // and keep refilling it.
        var first = await Citizen();
        var started = await first.InvokeAsync<SessionStartedDto>("StartSession", Request("Спокойный вопрос"));
        var quietCitizen = new List<HubConnection> { first };
        for (var tab = 1; tab < Tabs; tab++)
        {
            var other = await Citizen();
            await other.InvokeAsync<SessionSnapshotDto>("ResumeSession", started.ResumeToken);
            quietCitizen.Add(other);
        }
        await MeasureAsync(quietCitizen, "warm", 30);
        // One flood before measuring: the first large frames compile code on both sides, a one-off cost of any new
        // kind of request, not the flood's.
        using (var warm = await FlooderAsync("Разогрев")) await FloodAsync(warm);

        // Quiet, then flooded, measured back to back; the machine's noise comes and goes, so a few tries.
        var seen = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var quiet = await MeasureAsync(quietCitizen, $"q{attempt}-", 100);
            // Measured for as long as the flood lasts (until the flooder is cut off and its writes fail), at least 100 sends.
            // The flooder connects and starts its conversation as any citizen does; then it floods.
            using var flooder = await FlooderAsync("Поток");
            var flood = FloodAsync(flooder);
            var during = await MeasureAsync(quietCitizen, $"d{attempt}-", 100, until: () => flood.IsCompleted);
            await flood;
            var allowed = Math.Max(1.5 * quiet, FloorMs);
            seen.Add($"quiet {quiet:0.00} ms, during the flood {during:0.00} ms (allowed {allowed:0.00})");
            TestContext.Out.WriteLine($"attempt {attempt}: {seen[^1]}");
            if (during <= allowed) return;
        }
        Assert.Fail("another citizen's p99 under a flood stayed above 1.5× quiet: " + string.Join("; ", seen));
    }

    private sealed record Flooder(RawChatClient Client, string SessionId) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private async Task<Flooder> FlooderAsync(string text)
    {
        var client = await RawChatClient.ConnectAsync(Server.Url("hubs/chat"));
        return new Flooder(client, await client.StartSessionAsync("102", text));
    }

    /// <summary>3,000 frames from a raw WebSocket, back to back: refused, then cut off; at most its allowance is stored.</summary>
    private async Task FloodAsync(Flooder flooder)
    {
        // The flood comes from a raw WebSocket writing frames back to back from one small buffer, its JSON made once,
        // so the test's own client costs little and what is measured is the server.
        var (client, sessionId) = (flooder.Client, flooder.SessionId);
        var from = Server.Clock.GetCurrentInstant();
        var started = Stopwatch.GetTimestamp();
        var flood = await client.FloodSendMessageAsync(3000, new string('я', 4000));
        TestContext.Out.WriteLine($"flood: {flood.Written} frames written, cut after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        // Its refusals (rate_limited, see FloodTests) may be lost with the reset connection; what matters is that it is
        // cut at the transport at once (a graceful WebSocket close would keep its socket open for 5 s more).
        Assert.That(flood.Closed, Is.True, "a connection that keeps flooding is cut off");
        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(2)), "the flooder's connection was reset");
        var windows = (int)((Server.Clock.GetCurrentInstant() - from).TotalSeconds / 10) + 1; // the measuring citizen moves the clock
        var stored = await Server.Centre.Messages.GetAsync(sessionId);
        Assert.That(stored.Count(m => m.ClientMessageId?.StartsWith('f') == true), Is.LessThanOrEqualTo(20 * windows),
            "no more than the connection's windows allowed");
        // Its address (the test's, loopback) is refused new connections for the cut-off penalty (CutOffPenaltyTests): let
        // it pass before the next flooder connects.
        Server.Clock.AdvanceSeconds(16);
    }

    /// <summary>
    /// p99 in ms of sends one after another, round the tabs, each tab 15 in a fresh window of the clock: <paramref name="count"/> of them, and
    /// more while <paramref name="until"/> is false.
    /// </summary>
    private async Task<double> MeasureAsync(IReadOnlyList<HubConnection> tabs, string tag, int count, Func<bool>? until = null)
    {
        var times = new List<double>();
        for (var i = 0; i < count || (until is not null && !until() && i < 100_000); i++)
        {
            // A fresh window every 15 sends of each tab: inside each tab's own limit.
            if (i % (15 * tabs.Count) == 0) Server.Clock.AdvanceSeconds(10);
            var started = Stopwatch.GetTimestamp();
            await tabs[i % tabs.Count].InvokeAsync<SendResult>("SendMessage", "Уточнение", $"{tag}{i}");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times[(int)Math.Ceiling(0.99 * times.Count) - 1];
    }
}
