using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GosChat.Storage.Redis.Backplane;
using GosChat.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>What a node does when Redis goes away, comes back, or another node does not answer.</summary>
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

    [Test]
    public async Task CrossNodeDelivery_Resumes_WhenRedisComesBack_IncludingGroupsJoinedDuringTheOutage()
    {
        var port = FreePort();
        var redis = StartRedis(port);
        try
        {
            var connectionString = $"127.0.0.1:{port},abortConnect=false,connectRetry=10";
            await using var a = await BackplaneNode.StartAsync("A", connectionString);
            await using var b = await BackplaneNode.StartAsync("B", connectionString);
            await using var onA = await a.ConnectAsync();
            await using var onB = await b.ConnectAsync();
            await onA.Invoke("ToAll", "before");
            await onB.ShouldReceive("before");

            Stop(redis);
            await Eventually.AssertAsync(() => !a.Multiplexer.IsConnected && !b.Multiplexer.IsConnected, "both nodes notice Redis is gone");
            await onB.Invoke("Join", "joined-during-outage");
            redis = StartRedis(port);

            await Eventually.AssertAsync(async () =>
            {
                await onA.Invoke("ToAll", "all resumed");
                return onB.Received.Contains("all resumed");
            }, "broadcasts reach node B again", TimeSpan.FromSeconds(60));
            await Eventually.AssertAsync(async () =>
            {
                await onA.Invoke("ToGroup", "joined-during-outage", "group resumed");
                return onB.Received.Contains("group resumed");
            }, "node B re-subscribed the group joined while Redis was down", TimeSpan.FromSeconds(60));
        }
        finally
        {
            Stop(redis);
        }
    }

    [Test]
    public async Task NodeStartedWhileRedisIsDown_ServesItsOwnClients_AndJoinsTheClusterLater()
    {
        var port = FreePort();
        var connectionString = $"127.0.0.1:{port},abortConnect=false,connectRetry=10";
        await using var a = await BackplaneNode.StartAsync("A", connectionString);
        await using var first = await a.ConnectAsync("alice");
        await using var second = await a.ConnectAsync();
        await second.Invoke("Join", "early");

        await first.Invoke("ToGroup", "early", "local only");
        await first.Invoke("ToUser", "alice", "to myself");
        await second.ShouldReceive("local only");
        await first.ShouldReceive("to myself");
        Assert.That(
            async () => await first.Invoke("AddToGroup", "connection-on-some-other-node", "early"),
            Throws.Exception,
            "a remote group change cannot be confirmed without Redis, so it fails loudly");

        var redis = StartRedis(port);
        try
        {
            await using var b = await BackplaneNode.StartAsync("B", connectionString);
            await using var onB = await b.ConnectAsync();
            await Eventually.AssertAsync(async () =>
            {
                await onB.Invoke("ToGroup", "early", "from B");
                return second.Received.Contains("from B");
            }, "node A subscribed its early group once Redis appeared", TimeSpan.FromSeconds(60));
        }
        finally
        {
            Stop(redis);
        }
    }

    [Test]
    public async Task RemoteGroupCommand_WithoutAnAck_TimesOut()
    {
        using var redis = RedisServer.Start();
        await using var a = await BackplaneNode.StartAsync("A", redis.ConnectionString, groupCommandTimeout: TimeSpan.FromMilliseconds(300));
        // A "node" that owns connection "ghost" (it is subscribed to its channel) but never answers.
        using var silent = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ghostChannel = new BackplaneChannels(a.Manager.Channels.HubName).Connection("ghost");
        await silent.GetSubscriber().SubscribeAsync(ghostChannel, (_, _) => { });

        Assert.That(async () => await a.Manager.AddToGroupAsync("ghost", "g"), Throws.InstanceOf<TimeoutException>());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartRedis(int port)
    {
        var psi = new ProcessStartInfo("/usr/bin/redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        Stop(process);
        throw new InvalidOperationException($"redis-server did not listen on {port}");
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
