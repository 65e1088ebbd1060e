using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// A citizen on node A and an operator on node B of one Redis, writing to each other at a steady rate while a test
/// breaks things, and the tally afterwards: per client message id, is everything that was acknowledged shown exactly
/// once on the other side?
/// </summary>
public sealed class TwoNodeConversation : IAsyncDisposable
{
    /// <summary>The chats of the fault tests ran at 20–100 messages a second; each side sends 20 here.</summary>
    public static readonly TimeSpan SendInterval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private Task _sending = Task.CompletedTask;

    private readonly bool _ownsAll = true;

    private TwoNodeConversation(GosChatServer a, GosChatServer b, ResyncingCitizen citizen, ResyncingConsole console, bool ownsAll = true)
    {
        _ownsAll = ownsAll;
        A = a;
        B = b;
        Citizen = citizen;
        Console = console;
        CitizenSends = new SteadySender("c", citizen.SendAsync, SendInterval);
        OperatorSends = new SteadySender("o", console.SendAsync, SendInterval);
    }

    public GosChatServer A { get; }
    public GosChatServer B { get; }
    public ResyncingCitizen Citizen { get; }
    public ResyncingConsole Console { get; }
    public SteadySender CitizenSends { get; }
    public SteadySender OperatorSends { get; }

    /// <summary>Settings for both nodes: the abuse limits out of the way, and an operator's sessions kept through outages.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Limits:SendMessagePerConnection:Limit"] = "100000",
        ["GosChat:Limits:SendMessagePerAddress:Limit"] = "100000",
        ["GosChat:Limits:MessagesPerSession"] = "100000",
        ["GosChat:DisconnectGrace"] = "00:10:00",
    };

    /// <summary>Starts node A on <paramref name="redisForA"/>, node B on <paramref name="redisForB"/> (the same Redis, maybe through a gate), and the conversation.</summary>
    public static async Task<TwoNodeConversation> StartAsync(string redisForA, string redisForB)
    {
        var clock = new FakeClock(GosChatServer.MondayMorning);
        var a = await GosChatServer.StartAsync(redisForA, Settings(), clock);
        var b = await GosChatServer.StartAsync(redisForB, Settings(), clock);
        var citizen = await ResyncingCitizen.StartAsync(a.Url("hubs/chat"), "101");
        var console = await ResyncingConsole.AcceptAsync(b.Url("hubs/operator"), await b.LoginAsync("op101"), citizen.SessionId);
        return Begin(new TwoNodeConversation(a, b, citizen, console));
    }

    /// <summary>
    /// Starts the conversation between clients a test connected itself (through balancers, gates); with
    /// <paramref name="ownsNodes"/> false, disposing it stops the sending only and leaves nodes and clients to the test.
    /// </summary>
    public static TwoNodeConversation Run(GosChatServer a, GosChatServer b, ResyncingCitizen citizen, ResyncingConsole console, bool ownsNodes) =>
        Begin(new TwoNodeConversation(a, b, citizen, console, ownsNodes));

    private static TwoNodeConversation Begin(TwoNodeConversation conversation)
    {
        conversation._sending = Task.WhenAll(conversation.CitizenSends.RunAsync(conversation._stop.Token),
            conversation.OperatorSends.RunAsync(conversation._stop.Token));
        return conversation;
    }

    public static bool HasRedis(GosChatServer node) => node.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected;

    /// <summary>Waits until both sides have had <paramref name="count"/> more messages acknowledged.</summary>
    public async Task TalkAsync(int count, TimeSpan? timeout = null)
    {
        var (c, o) = (CitizenSends.Acked.Count + count, OperatorSends.Acked.Count + count);
        await Eventually.AssertAsync(() => CitizenSends.Acked.Count >= c && OperatorSends.Acked.Count >= o,
            $"both sides get {count} more messages acknowledged", timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops sending and waits (boundedly) until each side shows everything the other had acknowledged.</summary>
    public async Task<Tally> StopAndTallyAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        await Eventually.TrueAsync(() => CitizenSends.Acked.All(Console.Shown.Shows) && OperatorSends.Acked.All(Citizen.Shown.Shows),
            TimeSpan.FromSeconds(60));
        return Tally.Of(CitizenSends, Console) + Tally.Of(OperatorSends, Citizen);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        if (_ownsAll)
        {
            await Citizen.DisposeAsync();
            await Console.DisposeAsync();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
        _stop.Dispose();
    }
}

/// <summary>Acknowledged messages, and how the receiving side shows them: once, never (lost), more than once; and how many came through a resync.</summary>
public sealed record Tally(int Acked, int ShownOnce, int Lost, int Duplicated, int FetchedAfterGap, int Resyncs, int Reconnects)
{
    public static Tally Of(SteadySender sender, ResyncingClient receiver)
    {
        var shown = receiver.Shown.CountByClientMessageId();
        var acked = sender.Acked.ToList();
        int Count(string id) => shown.GetValueOrDefault(id);
        return new Tally(acked.Count, acked.Count(id => Count(id) == 1), acked.Count(id => Count(id) == 0), acked.Count(id => Count(id) > 1),
            receiver.Shown.Fetched.Count, receiver.Resyncs, receiver.Reconnects);
    }

    public static Tally operator +(Tally x, Tally y) => new(x.Acked + y.Acked, x.ShownOnce + y.ShownOnce, x.Lost + y.Lost,
        x.Duplicated + y.Duplicated, x.FetchedAfterGap + y.FetchedAfterGap, x.Resyncs + y.Resyncs, x.Reconnects + y.Reconnects);

    public override string ToString() =>
        $"acked {Acked}, shown once {ShownOnce}, lost {Lost}, duplicated {Duplicated}; {FetchedAfterGap} first shown through a fetch after a gap; " +
        $"{Resyncs} Resync event(s), {Reconnects} reconnect(s)";
}
