using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GosChat.Server.Connections;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// A node that stops gracefully refuses new hub connections at once, sends its clients to another node with SignalR's
/// close message that allows a reconnect, and is gone in seconds — not after the host's 30 s shutdown timeout, which is
/// what clients reconnecting to the dying node used to cost. Two real nodes on one Redis; the clients reach them
/// through a <see cref="NodeBalancer"/> that, like a load balancer, tries the stopping node first.
/// </summary>
[NonParallelizable]
public sealed class GracefulStopTests
{
    /// <summary>Well under the host's 30 s default: the drain's grace (5 s by default) is the most it may take.</summary>
    private static readonly TimeSpan StopsWithin = TimeSpan.FromSeconds(10);

    private RedisServer _redis = null!;

    [OneTimeSetUp] public void StartRedis() => _redis = RedisServer.Start();
    [OneTimeTearDown] public void StopRedis() => _redis.Dispose();

    [SetUp]
    public async Task EmptyRedis()
    {
        using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        foreach (var endpoint in admin.GetEndPoints()) await admin.GetServer(endpoint).FlushAllDatabasesAsync();
    }

    /// <param name="signalled">
    /// As on SIGTERM: the application is told to stop first (SignalR closes its connections on that signal), then the host
    /// stops; otherwise the host is stopped in code.
    /// </param>
    [TestCase(false)]
    [TestCase(true)]
    public async Task StoppingANode_TakesSeconds_ItsClientsComeBackOnTheOtherNode_AndTheOperatorKeepsTheSession(bool signalled)
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var a = await GosChatServer.StartAsync(_redis.ConnectionString, TwoNodeConversation.Settings(), clock);
        await using var b = await GosChatServer.StartAsync(_redis.ConnectionString, TwoNodeConversation.Settings(), clock);
        var balancer = new NodeBalancer(a.BaseAddress, b.BaseAddress);
        await using var citizen = await ResyncingCitizen.StartAsync(a.Url("hubs/chat"), "101", balancer);
        await using var console = await ResyncingConsole.AcceptAsync(a.Url("hubs/operator"), await a.LoginAsync("op101"), citizen.SessionId, balancer);
        Assert.That(a.Services.GetRequiredService<LocalConnections>().Count, Is.EqualTo(2), "both clients are on node A");

        var stopping = Stopwatch.StartNew();
        if (signalled) a.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await a.StopAsync();
        var took = stopping.Elapsed;
        await a.DisposeAsync();

        TestContext.Out.WriteLine($"node A stopped in {took.TotalSeconds:F2} s with two auto-reconnecting clients ({(signalled ? "signalled" : "stopped in code")})");
        Assert.That(took, Is.LessThan(StopsWithin));
        await Eventually.AssertAsync(() => citizen.Reconnects >= 1 && console.Reconnects >= 1, "both clients reconnect (to node B)");
        Assert.That(b.Services.GetRequiredService<LocalConnections>().Count, Is.EqualTo(2), "both clients are on node B now");

        // The operator's session stayed theirs (they were back long before the disconnect grace ran out) and the talk goes on.
        await console.SendAsync("Я снова на связи", "after-stop");
        await Eventually.AssertAsync(() => citizen.Shown.Shows("after-stop"), "the citizen gets the operator's message through node B");
        var session = await b.Centre.Store.GetSessionAsync(citizen.SessionId);
        Assert.That(session!.OperatorId, Is.EqualTo("op101"));
    }

    [Test]
    public async Task AStoppingNode_RefusesNewHubConnections_AndHealthzSaysSo()
    {
        await using var a = await GosChatServer.StartAsync(_redis.ConnectionString, TwoNodeConversation.Settings());
        await using var citizen = await ResyncingCitizen.StartAsync(a.Url("hubs/chat"), "101");

        await a.Services.GetRequiredService<ConnectionDrain>().StoppingAsync(CancellationToken.None);

        Assert.That(a.Services.GetRequiredService<LocalConnections>().Count, Is.Zero, "the connected client was sent away");
        var negotiate = await a.Http.PostAsync("hubs/chat/negotiate?negotiateVersion=1", null);
        Assert.That(negotiate.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("server_stopping"));
        Assert.That(negotiate.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That((await a.Http.GetAsync("healthz")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await Refused(() => GosChatServer.ConnectAsync(a.Url("hubs/operator"), null)), Is.True);
    }

    private static async Task<bool> Refused(Func<Task<Microsoft.AspNetCore.SignalR.Client.HubConnection>> connect)
    {
        try
        {
            await (await connect()).DisposeAsync();
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }
}
