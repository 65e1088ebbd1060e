using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>
/// What one chat message costs in Redis, counted by the server itself (INFO commandstats): the operator on the same
/// node is written to directly, so a citizen's message publishes once (to the citizen's own group, which may have
/// connections on other nodes), not once more out to Redis and back for the operator.
/// </summary>
public sealed class MessageRoundTripTests() : ServerFixtureBase("redis")
{
    private const int Messages = 40;

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Limits:SendMessagePerConnection:Limit"] = "100000",
        ["GosChat:Limits:SendMessagePerAddress:Limit"] = "100000",
    };

    [Test]
    public async Task CitizenMessage_ToAnOperatorOnTheSameNode_PublishesOnlyToTheCitizensGroup()
    {
        var op = await Operator("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        var atOperator = op.Inbox<MessageDto>("Message");
        await op.InvokeAsync("SetPresence", "available");
        var citizen = await Citizen();
        var echoed = citizen.Inbox<MessageDto>("Message");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", null, "ru", null, null, null, null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);

        using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection! + ",allowAdmin=true");
        var before = await PublishesAsync(redis);
        var sent = new List<string>();
        for (var i = 0; i < Messages; i++)
            sent.Add((await citizen.InvokeAsync<SendResult>("SendMessage", $"Сообщение {i}", $"c{i}")).MessageId);
        foreach (var id in sent)
        {
            await atOperator.WaitAsync(m => m.MessageId == id);
            await echoed.WaitAsync(m => m.MessageId == id);
        }
        var publishes = await PublishesAsync(redis) - before;

        TestContext.Out.WriteLine($"{Messages} citizen messages, operator on the same node: {publishes} PUBLISH in Redis");
        // One per message for the citizen's group, and a little room for live figures published meanwhile.
        Assert.That(publishes, Is.InRange(Messages, Messages + 10));
    }

    private static async Task<long> PublishesAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var stats = await server.InfoAsync("commandstats");
        var line = stats.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "cmdstat_publish");
        if (line.Value is null) return 0;
        var calls = line.Value.Split(',')[0]; // calls=N
        return long.Parse(calls[(calls.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
