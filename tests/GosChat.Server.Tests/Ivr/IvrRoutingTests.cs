using System.Net;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Server.Tests.Ivr;

/// <summary>POST /api/ivr/calls as the telephony platform sends it, on Redis and on the embedded store.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class IvrRoutingTests(bool useRedis) : IvrFixture(useRedis)
{
    [TestCase("101", "101")]
    [TestCase("102", "102")]
    [TestCase("103", "103")]
    [TestCase("104", "104")]
    [TestCase("+7 (495) 123-45-67 101", "101")]
    [TestCase("8-800-555-35-35 доб. 103", "103")]
    [TestCase("ext 102", "102")]
    [TestCase("доб.104", "104")]
    public async Task Call_IsEnqueuedInTheDialledQueue_ForEveryDialStringForm(string dialed, string queue)
    {
        await StartAsync();

        var answer = await PostCallAsync("call-1", dialed);

        Assert.That(answer.GetProperty("action").GetString(), Is.EqualTo("enqueue"));
        Assert.That(answer.GetProperty("queue").GetString(), Is.EqualTo(queue));
        Assert.That(answer.GetProperty("ticket").GetString(), Does.Match("^3[0-9]{8}$"));
        Assert.That(answer.GetProperty("position").GetInt32(), Is.EqualTo(1));
        Assert.That(answer.GetProperty("estimatedWaitSeconds").GetInt32(), Is.GreaterThan(0));
        Assert.That(answer.GetProperty("overloaded").GetBoolean(), Is.False);
        Assert.That(await CallStateAsync("call-1"), Is.EqualTo("queued"));
    }

    [TestCase("105")]
    [TestCase("")]
    [TestCase("оператор")]
    [TestCase("+7 (495) 123-45-67")]
    public async Task UnknownOrMissingExtension_AnswersReprompt_WithTheMenu(string dialed)
    {
        await StartAsync();

        var answer = await PostCallAsync("call-1", dialed);

        Assert.That(answer.GetProperty("action").GetString(), Is.EqualTo("reprompt"));
        Assert.That(answer.GetProperty("menu").EnumerateArray().Select(m => m.GetProperty("extension").GetString()),
            Is.EqualTo(new[] { "101", "102", "103", "104", "106" }));
        Assert.That(answer.TryGetProperty("ticket", out _), Is.False);
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, "api/ivr/calls/call-1"), HttpStatusCode.NotFound);
    }

    [TestCase(null)]
    [TestCase("wrong-key")]
    public async Task MissingOrWrongApiKey_Is401_AndChangesNothing(string? key)
    {
        await StartAsync();

        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls", new { callId = "call-1", caller = "+79001234567", dialed = "101" }, key),
            HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, "api/ivr/calls/call-1", apiKey: key), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/voicemail",
            new { callId = "call-1", caller = "+79001234567", dialed = "101", recordingUrl = "x" }, key), HttpStatusCode.Unauthorized);

        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty);
        await AssertProblemAsync(await SendAsync(HttpMethod.Get, "api/ivr/calls/call-1"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task RepeatedPost_ReturnsTheSameCall()
    {
        await StartAsync();

        var first = await PostCallAsync("call-1", "102");
        var again = await PostCallAsync("call-1", "102");

        Assert.That(again.GetProperty("ticket").GetString(), Is.EqualTo(first.GetProperty("ticket").GetString()));
        Assert.That(again.GetProperty("position").GetInt32(), Is.EqualTo(1));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentPostsOfOneCall_CreateOneSession()
    {
        await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostCallAsync("call-race", "101")));

        Assert.That(answers.Select(a => a.GetProperty("ticket").GetString()).Distinct().Count(), Is.EqualTo(1));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task OutOfHours_OnSunday_AnswersClosed_WithNextOpeningAndOptions()
    {
        // Sunday 29 November 2026, 12:00 Moscow; the queue opens Monday 08:00 Moscow (05:00 UTC).
        await StartAsync(clock: new FakeClock(Instant.FromUtc(2026, 11, 29, 9, 0)));

        var answer = await PostCallAsync("call-1", "+7 (495) 123-45-67 101");

        Assert.That(answer.GetProperty("action").GetString(), Is.EqualTo("closed"));
        Assert.That(answer.GetProperty("nextOpening").GetString(), Is.EqualTo("2026-11-30T05:00:00Z"));
        Assert.That(answer.GetProperty("options").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "voicemail", "callback" }));
        Assert.That((await Server.Centre.Store.LoadSnapshotAsync()).Waiting, Is.Empty);
    }

    [Test]
    public async Task BadCallId_Is400ProblemDetails()
    {
        await StartAsync();

        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls", new { callId = "has spaces", dialed = "101" }),
            HttpStatusCode.BadRequest);
        await AssertProblemAsync(await SendAsync(HttpMethod.Post, "api/ivr/calls", new { dialed = "101" }), HttpStatusCode.BadRequest);
    }
}
