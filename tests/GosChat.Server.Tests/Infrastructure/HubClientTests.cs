using System.Collections.Concurrent;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Infrastructure;

[TestFixture]
public sealed class HubClientTests
{
    private TestHubHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await TestHubHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    private Uri HubUrl => _host.Url("hubs/test");

    [Test]
    public async Task Invoke_RoundTripsThroughTheHub()
    {
        await using var client = await HubClients.ConnectAsync(HubUrl);

        var reply = await client.InvokeAsync<string>("Echo", "привет, 1 2 3");

        Assert.That(reply, Is.EqualTo("привет, 1 2 3"));
    }

    [Test]
    public async Task ServerEvent_ReachesTheClientHandler()
    {
        await using var client = HubClients.Build(HubUrl);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On<string>("whisper", text => received.TrySetResult(text));
        await client.StartAsync();

        await client.InvokeAsync("Whisper", "hello");

        Assert.That(await received.Task.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo("hello"));
    }

    [Test]
    public async Task ServerEvents_ArriveInOrder_TwoHundredOfThem()
    {
        await using var client = HubClients.Build(HubUrl);
        var received = new ConcurrentQueue<int>();
        client.On<int>("burst", received.Enqueue);
        await client.StartAsync();

        await client.InvokeAsync("Burst", 200);

        await Eventually.AssertAsync(() => received.Count == 200, "200 burst events");
        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 200)));
    }

    [Test]
    public async Task ServerStream_OfTwoHundredItems_ArrivesInOrder()
    {
        await using var client = await HubClients.ConnectAsync(HubUrl);

        var items = new List<int>();
        await foreach (var item in client.StreamAsync<int>("Count", 200)) items.Add(item);

        Assert.That(items, Is.EqualTo(Enumerable.Range(0, 200)));
    }

    [Test]
    public async Task Group_MessagesReachMembersOnly()
    {
        await using var member = HubClients.Build(HubUrl);
        await using var outsider = HubClients.Build(HubUrl);
        var memberGot = new ConcurrentQueue<string>();
        var outsiderGot = new ConcurrentQueue<string>();
        member.On<string, string>("group", (_, text) => memberGot.Enqueue(text));
        outsider.On<string, string>("group", (_, text) => outsiderGot.Enqueue(text));
        await member.StartAsync();
        await outsider.StartAsync();

        await member.InvokeAsync("JoinGroup", "queue-101");
        await outsider.InvokeAsync("SendToGroup", "queue-101", "first");
        await member.InvokeAsync("LeaveGroup", "queue-101");
        await outsider.InvokeAsync("SendToGroup", "queue-101", "second");
        await outsider.InvokeAsync("Whisper", "flush"); // a later message proves earlier ones were processed

        await Eventually.AssertAsync(() => memberGot.Count == 1, "the member got the group message");
        Assert.That(memberGot, Is.EqualTo(new[] { "first" }));
        Assert.That(outsiderGot, Is.Empty);
    }

    [Test]
    public async Task AccessToken_IsSentAsABearerToken_OnTheWebSocketRequest()
    {
        var calls = 0;
        await using var client = await HubClients.ConnectAsync(HubUrl, () =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult<string?>("token with spaces&symbols=1");
        });

        var seen = await client.InvokeAsync<string?>("AccessToken");

        Assert.That(seen, Is.EqualTo("token with spaces&symbols=1"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task AccessToken_IsAbsent_WhenNoProviderIsGiven()
    {
        await using var client = await HubClients.ConnectAsync(HubUrl);

        Assert.That(await client.InvokeAsync<string?>("AccessToken"), Is.Null);
    }

    [Test]
    public async Task Stop_ClosesCleanly_AndRaisesClosedWithoutError()
    {
        var client = await HubClients.ConnectAsync(HubUrl);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        await client.StopAsync();

        Assert.That(await closed.Task.WaitAsync(TimeSpan.FromSeconds(20)), Is.Null);
        Assert.That(client.State, Is.EqualTo(HubConnectionState.Disconnected));
        await client.DisposeAsync();
    }

    [Test]
    public async Task Client_CanStartAgain_AfterStop()
    {
        await using var client = await HubClients.ConnectAsync(HubUrl);
        var firstId = await client.InvokeAsync<string>("ConnectionId");

        await client.StopAsync();
        await client.StartAsync();

        Assert.That(await client.InvokeAsync<string>("ConnectionId"), Is.Not.EqualTo(firstId));
    }

    [Test]
    public async Task ServerShutdown_ClosesTheClient()
    {
        var host = await TestHubHost.StartAsync();
        var client = await HubClients.ConnectAsync(host.Url("hubs/test"));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await host.DisposeAsync();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(client.State, Is.EqualTo(HubConnectionState.Disconnected));
        await client.DisposeAsync();
    }
}
