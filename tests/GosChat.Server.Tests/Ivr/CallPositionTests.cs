namespace GosChat.Server.Tests.Ivr;

/// <summary>GET /api/ivr/calls/{id} tells the live place and estimate on every poll, so the platform can announce them.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class CallPositionTests(bool useRedis) : IvrFixture(useRedis)
{
    [Test]
    public async Task Poll_GivesTheLivePositionAndEstimate_WhileQueued_AndNoneOnceConnected()
    {
        await StartAsync();
        for (var i = 1; i <= 3; i++) await PostCallAsync($"call-{i}", "101");

        var third = await GetCallAsync("call-3");
        Assert.That(third.GetProperty("state").GetString(), Is.EqualTo("queued"));
        Assert.That(third.GetProperty("position").GetInt32(), Is.EqualTo(3));
        var firstEstimate = third.GetProperty("estimatedWaitSeconds").GetInt32();
        Assert.That(firstEstimate, Is.GreaterThan(0));

        await CallEventAsync("call-1", "hangup");
        var moved = await GetCallAsync("call-3");
        Assert.That(moved.GetProperty("position").GetInt32(), Is.EqualTo(2));
        Assert.That(moved.GetProperty("estimatedWaitSeconds").GetInt32(), Is.LessThan(firstEstimate));

        var op = await OperatorAsync("op101");
        var offer = await op.NextOfferAsync(o => o.Channel == "call");
        await op.AcceptAsync(offer);
        var connected = await GetCallAsync("call-2");
        Assert.That(connected.GetProperty("state").GetString(), Is.EqualTo("connected"));
        Assert.That(connected.TryGetProperty("position", out _), Is.False);
        Assert.That(connected.TryGetProperty("estimatedWaitSeconds", out _), Is.False);
        Assert.That((await GetCallAsync("call-3")).GetProperty("position").GetInt32(), Is.EqualTo(1));
        var ended = await GetCallAsync("call-1");
        Assert.That(ended.GetProperty("state").GetString(), Is.EqualTo("ended"));
        Assert.That(ended.TryGetProperty("position", out _), Is.False);
    }
}
