using System.Diagnostics;
using GosChat.Server.Connections;
using GosChat.Server.Hubs;
using GosChat.Server.Tests.Chat;
using GosChat.TestSupport;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GosChat.Server.Tests.Reliability;

/// <summary>
/// An operator console that stops reading must not slow anyone else down: a citizen whose every message is pushed to
/// that frozen console gets their SendMessage answered as fast as before, a neighbour console still gets its live
/// figures, and the frozen connection is cut once it is further behind than the configured bound.
/// </summary>
[TestFixture("embedded")]
[TestFixture("redis")]
public sealed class SlowSocketTests : ServerFixtureBase
{
    private const int Samples = 400;

    /// <summary>
    /// On a busy two-core machine single sends stall now and then for reasons that have nothing to do with the frozen
    /// socket (GC, the other test process, Redis): p99 may be 1.5 × the quiet p99 plus this floor. A send that waits
    /// for a frozen socket waits seconds (until the transport gives up on it), far above it.
    /// </summary>
    private static readonly TimeSpan NoiseFloor = TimeSpan.FromMilliseconds(40);

    /// <summary>No single send may come near what waiting for the frozen socket costs.</summary>
    private static readonly TimeSpan NoSendWaitsThisLong = TimeSpan.FromSeconds(1);

    /// <summary>About 6 MB for the frozen console: more than its socket, the kernel's buffers and the transport hold.</summary>
    private const int FloodMessages = 1500;

    private readonly string _storage;

    public SlowSocketTests(string storage) : base(storage) => _storage = storage;

    private const long RoomyByteBound = 64L * 1024 * 1024;

    private long MaxBufferedBytes { get; set; } = RoomyByteBound;

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["GosChat:Limits:SendMessagePerConnection:Limit"] = "100000",
        ["GosChat:Limits:SendMessagePerAddress:Limit"] = "100000",
        ["GosChat:Limits:MessagesPerSession"] = "100000",
        ["GosChat:Outbound:MaxBufferedBytes"] = MaxBufferedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GosChat:Outbound:MaxBehind"] = "00:00:10",
    };

    [Test]
    public async Task FrozenOperatorSocket_SlowsNoCitizensSend_NorANeighboursPushes_AndIsCutOnceBehindTooLong()
    {
        _acked.Clear();
        var token = await Server.LoginAsync("op101");
        await using var frozen = await RawOperatorSocket.ConnectAsync(Server.Url("hubs/operator"), token);
        await frozen.InvokeAsync("SetPresence", "available");
        var frozenConnection = OnlyOperatorConnection();
        var neighbour = await Operator("op102");
        var figures = neighbour.Inbox<QueueStatsDto>("QueueStats");
        var loader = await Citizen();
        var loaderSession = (await StartAsync(loader, "101")).SessionId;
        await frozen.AcceptOfferForAsync(loaderSession);
        var measured = await Citizen();
        var measuredSession = (await StartAsync(measured, "101")).SessionId;
        await frozen.AcceptOfferForAsync(measuredSession);

        for (var i = 0; i < 50; i++) await Send(measured, "warm-up " + i);
        var quiet = await MeasureAsync(measured, "quiet");

        frozen.Freeze();
        var big = new string('x', 3900);
        for (var i = 0; i < FloodMessages; i++) await Send(loader, big + i);
        await Eventually.AssertAsync(() => frozenConnection.Outbound.Behind > TimeSpan.Zero, "the server waits for the frozen console's socket");
        var frozenSends = await MeasureAsync(measured, "frozen");
        var waiting = frozenConnection.Outbound.BufferedBytes;
        var stillThere = Local.All.Contains(frozenConnection);

        // The neighbour console on the same node still gets live figures (the same group as the frozen console).
        var other = await Citizen();
        await StartAsync(other, "104");
        await figures.WaitAsync(f => f.Queues.Any(q => q.Id == "104" && q.Waiting == 1), TimeSpan.FromSeconds(5));

        var quietP99 = Percentile(quiet, 0.99);
        var frozenP99 = Percentile(frozenSends, 0.99);
        TestContext.Out.WriteLine($"{_storage}: SendMessage p50/p99/max quiet {Percentile(quiet, 0.5):F2}/{quietP99:F2}/{quiet.Max():F1} ms, " +
                                  $"with a frozen neighbour {Percentile(frozenSends, 0.5):F2}/{frozenP99:F2}/{frozenSends.Max():F1} ms " +
                                  $"({Samples} sends each); {waiting} bytes waiting for the frozen console");
        Assert.That(stillThere, Is.True, "the frozen console was still connected while the sends were measured");
        Assert.That(waiting, Is.GreaterThan(64 * 1024), "the frozen console was behind while the sends were measured");
        Assert.That(frozenP99, Is.LessThanOrEqualTo(quietP99 * 1.5 + NoiseFloor.TotalMilliseconds));
        Assert.That(frozenSends.Max(), Is.LessThan(NoSendWaitsThisLong.TotalMilliseconds));

        // Past MaxBehind (10 s) the server cuts it; its client would reconnect and resync.
        await Eventually.AssertAsync(() => !Local.All.Contains(frozenConnection), "the server cuts the frozen console", TimeSpan.FromSeconds(40));
        frozen.Thaw();
        await Eventually.AssertAsync(() => frozen.ClosedByServer, "the frozen console finds its connection closed", TimeSpan.FromSeconds(30));

        // The console reconnects and fetches what came after the last message it showed in each session (as
        // web-widget/src/console/resync.js does): every acknowledged message is shown exactly once.
        var pushed = frozen.Messages;
        var reloaded = await Operator("op101");
        var shown = pushed.Select(m => (m.MessageId, m.ClientMessageId)).ToList();
        foreach (var session in new[] { loaderSession, measuredSession })
        {
            var watermark = pushed.Where(m => m.SessionId == session).Select(m => m.Seq).DefaultIfEmpty(0).Max();
            var fetched = await reloaded.InvokeAsync<List<MessageDto>>("GetMessages", session, watermark);
            shown.AddRange(fetched.Select(m => (m.MessageId, m.ClientMessageId)));
        }
        var shownPerId = shown.DistinctBy(m => m.MessageId).GroupBy(m => m.ClientMessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
        var acked = _acked.ToList();
        var lost = acked.Count(id => !shownPerId.ContainsKey(id));
        var twice = acked.Count(id => shownPerId.GetValueOrDefault(id) > 1);
        TestContext.Out.WriteLine($"{_storage}: frozen console reloaded: acked {acked.Count}, shown once {acked.Count - lost - twice}, lost {lost}, " +
                                  $"duplicated {twice}; {pushed.Count} read from the socket, the rest fetched after reconnecting");
        Assert.That(lost, Is.Zero);
        Assert.That(twice, Is.Zero);
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _acked = new();

    [Test]
    public async Task FrozenOperatorSocket_IsCutAtOnce_WhenMoreThanTheByteBoundWaitsForIt()
    {
        MaxBufferedBytes = 256 * 1024;
        await StopServer();
        await StartServer();
        MaxBufferedBytes = RoomyByteBound; // for the next test's server
        var token = await Server.LoginAsync("op101");
        await using var frozen = await RawOperatorSocket.ConnectAsync(Server.Url("hubs/operator"), token);
        await frozen.InvokeAsync("SetPresence", "available");
        var loader = await Citizen();
        await frozen.AcceptOfferForAsync((await StartAsync(loader, "101")).SessionId);
        var frozenConnection = OnlyOperatorConnection();

        frozen.Freeze();
        var flooding = Stopwatch.StartNew();
        var big = new string('x', 3900);
        for (var i = 0; i < FloodMessages && Local.All.Contains(frozenConnection); i++) await Send(loader, big + i);

        await Eventually.AssertAsync(() => !Local.All.Contains(frozenConnection), "the server cuts the frozen console");
        Assert.That(flooding.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "cut by the byte bound, before MaxBehind (10 s) ran out");
        frozen.Thaw();
        await Eventually.AssertAsync(() => frozen.ClosedByServer, "the frozen console finds its connection closed", TimeSpan.FromSeconds(30));
    }

    private LocalConnections Local => Server.Services.GetRequiredService<LocalConnections>();

    /// <summary>The node's one operator-hub connection: the raw console, taken before any other console connects.</summary>
    private LocalConnection OnlyOperatorConnection() => Local.All.Single(c => c.Hub == typeof(OperatorHub));

    private static async Task<SessionStartedDto> StartAsync(HubConnection citizen, string topic) =>
        await citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest(topic, null, "ru", null, null, null, null, null));

    private async Task<SendResult> Send(HubConnection citizen, string text)
    {
        var clientMessageId = Guid.NewGuid().ToString("N");
        var result = await citizen.InvokeAsync<SendResult>("SendMessage", text, clientMessageId);
        _acked.Enqueue(clientMessageId);
        return result;
    }

    private async Task<double[]> MeasureAsync(HubConnection citizen, string label)
    {
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var sw = Stopwatch.StartNew();
            await Send(citizen, $"{label} {i}");
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
