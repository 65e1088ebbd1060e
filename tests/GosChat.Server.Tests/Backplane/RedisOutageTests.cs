using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Backplane;

/// <summary>A node keeps serving its own clients when Redis goes away.</summary>
[TestFixture]
public sealed class RedisOutageTests
{
    [Test]
    public async Task NodeKeepsDeliveringLocally_AfterRedisIsKilled()
    {
        var redis = RedisServer.Start();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString);
        await using var b = await BackplaneNode.StartAsync("B", redis.ConnectionString);
        await using var sender = await a.ConnectAsync("alice");
        await using var neighbour = await a.ConnectAsync("bob");
        await using var remote = await b.ConnectAsync();
        await neighbour.Invoke("Join", "queue-101");
        await sender.Invoke("ToAll", "before");
        await remote.ShouldReceive("before");

        redis.Dispose();
        await Eventually.AssertAsync(() => !a.Multiplexer.IsConnected, "node A notices Redis is gone");

        await sender.Invoke("ToAll", "all after");
        await sender.Invoke("ToGroup", "queue-101", "group after");
        await sender.Invoke("ToUser", "bob", "user after");
        await sender.Invoke("ToConnection", neighbour.Id, "direct after");
        await neighbour.Invoke("Join", "queue-102"); // a group change while Redis is down
        await sender.Invoke("ToGroup", "queue-102", "new group after");

        foreach (var text in new[] { "all after", "group after", "user after", "direct after", "new group after" })
            await neighbour.ShouldReceive(text);
        await sender.ShouldReceive("all after");
        Assert.That(await sender.Connection.InvokeAsync<string>("Echo", "still alive"), Is.EqualTo("still alive"));
    }
}
