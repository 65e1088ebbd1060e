using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>
/// What one chat message costs in Redis, counted by the server itself (INFO commandstats): with the operator and every
/// tab of the citizen on the same node, both are written to directly (the session lists this node alone as holding
/// citizen connections), so a message publishes nothing; it costs the append and the two digest-checked reads of the
/// session and the operator, the second sent with the append.
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
    public async Task CitizenMessage_WithTheOperatorAndTheCitizenOnOneNode_PublishesNothing_AndCostsThreeCommands()
    {
        var op = await Operator("op101");
        var offers = op.Inbox<OfferDto>("Offer");
        var atOperator = op.Inbox<MessageDto>("Message");
        await op.InvokeAsync("SetPresence", "available");
        var citizen = await Citizen();
        var echoed = citizen.Inbox<MessageDto>("Message");
        var started = await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", null, "ru", null, null, null, null, null));
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", (await offers.WaitAsync(o => o.SessionId == started.SessionId)).OfferId);
        // Warm: the node holds the session and the operator as they are now.
        await citizen.InvokeAsync<SendResult>("SendMessage", "Первое", "c-first");
        await atOperator.WaitAsync(m => m.Text == "Первое");

        using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnection! + ",allowAdmin=true");
        var before = await CallsAsync(redis);
        var sent = new List<string>();
        for (var i = 0; i < Messages; i++)
            sent.Add((await citizen.InvokeAsync<SendResult>("SendMessage", $"Сообщение {i}", $"c{i}")).MessageId);
        foreach (var id in sent)
        {
            await atOperator.WaitAsync(m => m.MessageId == id);
            await echoed.WaitAsync(m => m.MessageId == id);
        }
        var after = await CallsAsync(redis);
        long Delta(string command) => after.GetValueOrDefault(command) - before.GetValueOrDefault(command);
        var publishes = Delta("publish");
        var scripts = Delta("evalsha") + Delta("eval");

        TestContext.Out.WriteLine($"{Messages} citizen messages, operator and citizen on the same node: {publishes} PUBLISH, " +
                                  $"{scripts} scripts, {Delta("get")} GET in Redis");
        // A little room for live figures published and the node's own periodic work meanwhile.
        Assert.That(publishes, Is.LessThan(10), "no publish per message");
        Assert.That(scripts, Is.InRange(3 * Messages, 3 * Messages + 40), "the append and the two digest-checked reads, per message");
    }

    /// <summary>Calls so far per command (INFO commandstats: cmdstat_NAME: calls=N,…).</summary>
    private static async Task<Dictionary<string, long>> CallsAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var stats = await server.InfoAsync("commandstats");
        var calls = new Dictionary<string, long>();
        foreach (var (key, value) in stats.SelectMany(g => g))
        {
            if (!key.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var first = value.Split(',')[0]; // calls=N
            calls[key["cmdstat_".Length..]] = long.Parse(first[(first.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return calls;
    }
}
