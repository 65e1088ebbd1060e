using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Security;

/// <summary>
/// A connection cut off for flooding bars its address for <c>GosChat:Limits:CutOffPenalty</c> (15 s): a flooder that
/// reconnects at once is answered 429 <c>rate_limited</c> with Retry-After before the upgrade, on every node's shared
/// counters, and gets through again once the penalty has passed on the application clock.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class CutOffPenaltyTests(string storage) : ServerFixtureBase(storage)
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Limits:BarredAnswerDelay"] = Hold.ToString(),
        ["GosChat:Limits:BarredAnswersHeldPerAddress"] = "2",
    };

    [Test]
    public async Task AFlooderCutOff_IsRefusedNewConnectionsUntilThePenaltyHasPassed()
    {
        await CutOffAsync();

        // The next long-lived request from the same address (here the server-sent-events transport, a plain GET the test
        // can read whole): refused before it reaches the hub, with when to come back.
        using var http = new HttpClient();
        using var refused = await http.SendAsync(Probe());
        Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("rate_limited"));
        Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 15));
        var client = Assert.CatchAsync(() => Citizen());
        Assert.That(client!.Message, Does.Contain("429"), "a SignalR client's WebSocket is refused as well");

        Server.Clock.AdvanceSeconds(14);
        Assert.CatchAsync(() => Citizen(), "still barred at 14 s");
        Server.Clock.AdvanceSeconds(2);
        var back = await Citizen();
        var started = await back.InvokeAsync<SessionStartedDto>("StartSession",
            new StartSessionRequest("102", "Вопрос", "ru", null, null, null, null, null));
        Assert.That(started.SessionId, Is.Not.Empty, "after the penalty the address is served again");
    }

    /// <summary>
    /// A barred address's request waits <c>BarredAnswerDelay</c> for its 429, so a flooder that reconnects the moment it is
    /// refused comes back once per delay; only <c>BarredAnswersHeldPerAddress</c> of them wait at once, the rest are
    /// answered straight away (holding costs a socket each).
    /// </summary>
    [Test]
    public async Task ARefusedReconnect_WaitsForItsAnswer_AndOnlyAFewWaitAtOnce()
    {
        await CutOffAsync();
        using var http = new HttpClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var probes = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var answer = await http.SendAsync(Probe());
            return (Status: (int)answer.StatusCode, Body: await answer.Content.ReadAsStringAsync(),
                RetryAfter: answer.Headers.RetryAfter?.Delta, At: watch.Elapsed);
        }).ToList();
        var answers = (await Task.WhenAll(probes)).OrderBy(a => a.At).ToList();

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(429));
        Assert.That(answers.Select(a => a.Body), Is.All.Contains("rate_limited"));
        Assert.That(answers.Select(a => a.RetryAfter?.TotalSeconds), Is.All.InRange(1, 15));
        Assert.That(answers[2].At, Is.GreaterThanOrEqualTo(Hold * 0.9), "two were held for the delay");
        Assert.That(answers[1].At, Is.LessThan(answers[2].At - Hold * 0.5), "the others were answered without waiting");
    }

    private async Task CutOffAsync()
    {
        using var flooder = await RawChatClient.ConnectAsync(Server.Url("hubs/chat"));
        await flooder.StartSessionAsync("102", "Поток");
        var flood = await flooder.FloodSendMessageAsync(500, new string('я', 100));
        Assert.That(flood.Closed, Is.True, "cut off");
    }

    private HttpRequestMessage Probe()
    {
        var probe = new HttpRequestMessage(HttpMethod.Get, Server.Url("hubs/chat"));
        probe.Headers.Accept.ParseAdd("text/event-stream");
        return probe;
    }
}
