using GosChat.Domain.Deadlines;
using GosChat.Server.Hubs;
using GosChat.TestSupport;
using GosChat.TestSupport.Server;
using GosChat.TestSupport.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace GosChat.Server.Tests.Chat;

/// <summary>
/// Pushes started on one node reach consoles and citizens on the other through SignalR's Redis backplane.
/// Node A sweeps only once, at start, so the queue figures and places its clients get later were sent by node B.
/// </summary>
public sealed class TwoNodePushTests
{
    private RedisServer _redis = null!;
    private GosChatServer _a = null!;
    private GosChatServer _b = null!;
    private readonly List<HubConnection> _connections = [];

    [OneTimeSetUp] public void StartRedis() => _redis = RedisServer.Start();
    [OneTimeTearDown] public void StopRedis() => _redis.Dispose();

    [SetUp]
    public async Task StartNodes()
    {
        using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString))
            foreach (var endpoint in admin.GetEndPoints()) await admin.GetServer(endpoint).FlushAllDatabasesAsync();
        var clock = new FakeClock(GosChatServer.MondayMorning);
        _a = await GosChatServer.StartAsync(_redis.ConnectionString, new Dictionary<string, string?> { ["GosChat:SweepInterval"] = "01:00:00" }, clock);
        _b = await GosChatServer.StartAsync(_redis.ConnectionString, clock: clock);
    }

    [TearDown]
    public async Task StopNodes()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        _connections.Clear();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Test]
    public async Task Typing_CrossesNodes_InBothDirections()
    {
        var op = await Track(_b.OperatorAsync("op101"));
        var offers = op.Inbox<OfferDto>("Offer");
        var opTyping = op.Inbox<OperatorTypingDto>("Typing");
        await op.InvokeAsync("SetPresence", "available");
        var citizen = await Track(_a.CitizenAsync());
        var citizenTyping = citizen.Inbox<CitizenTypingDto>("Typing");
        var started = await StartChatAsync(citizen);
        var offer = await offers.WaitAsync(o => o.SessionId == started.SessionId);
        await op.InvokeAsync<SessionSnapshotDto>("AcceptOffer", offer.OfferId);

        await citizen.InvokeAsync("Typing", true);
        await op.InvokeAsync("Typing", started.SessionId, true);

        await opTyping.WaitAsync(t => t == new OperatorTypingDto(started.SessionId, "citizen", true));
        await citizenTyping.WaitAsync(t => t == new CitizenTypingDto("operator", true));
    }

    [Test]
    public async Task QueuePlace_ReachesACitizenOnTheOtherNode_WhenSomeoneAheadLeaves()
    {
        var ahead = await Track(_b.CitizenAsync());
        await StartChatAsync(ahead);
        var behind = await Track(_a.CitizenAsync());
        var places = behind.Inbox<QueueUpdateDto>("QueueUpdate");
        var started = await StartChatAsync(behind);
        Assert.That(started.Position, Is.EqualTo(2));

        await ahead.InvokeAsync("CloseSession");

        await places.WaitAsync(p => p.Position == 1);
    }

    [Test]
    public async Task LiveQueueFigures_ReachASupervisorOnTheOtherNode()
    {
        var supervisor = await Track(_a.OperatorAsync("supervisor"));
        var figures = supervisor.Inbox<QueueStatsDto>("QueueStats");

        await StartChatAsync(await Track(_b.CitizenAsync()));

        await figures.WaitAsync(s => s.Queues.Any(q => q.Id == "101" && q.Waiting == 1));
    }

    [Test]
    public async Task DeadlineWarningsAndBreaches_ReachConsolesOnTheOtherNode()
    {
        var op = await Track(_b.OperatorAsync("op101"));
        var warnings = op.Inbox<DeadlineWarningDto>("DeadlineWarning");
        var supervisor = await Track(_b.OperatorAsync("supervisor"));
        var supervisorWarnings = supervisor.Inbox<DeadlineWarningDto>("DeadlineWarning");
        var breaches = supervisor.Inbox<DeadlineBreachedDto>("DeadlineBreached");
        var started = await StartChatAsync(await Track(_a.CitizenAsync()));
        var session = (await _a.Centre.Store.GetSessionAsync(started.SessionId))!;
        var dueAt = GosChatServer.MondayMorning + Duration.FromMinutes(5);
        var notifier = _a.Services.GetRequiredService<IDeadlineNotifier>();

        await notifier.WarningAsync(session, DeadlineKind.FirstResponse, dueAt, "op101");
        await notifier.WarningAsync(session, DeadlineKind.FirstResponse, dueAt, operatorId: null);
        await notifier.BreachedAsync(session, new DeadlineBreach(DeadlineKind.FirstResponse, dueAt, dueAt + Duration.FromSeconds(3), 3));

        var expected = new DeadlineWarningDto(started.SessionId, "firstResponse", dueAt, started.SessionId + ":firstResponse:warning");
        await warnings.WaitAsync(w => w == expected);
        await supervisorWarnings.WaitAsync(w => w == expected);
        await breaches.WaitAsync(b => b.SessionId == started.SessionId && b.Queue == "101" && b.LateBySeconds == 3);
    }

    private static Task<SessionStartedDto> StartChatAsync(HubConnection citizen) =>
        citizen.InvokeAsync<SessionStartedDto>("StartSession", new StartSessionRequest("101", "Не входит в личный кабинет", "ru", null, null, null, null, null));

    private async Task<HubConnection> Track(Task<HubConnection> connecting)
    {
        var connection = await connecting;
        _connections.Add(connection);
        return connection;
    }
}
