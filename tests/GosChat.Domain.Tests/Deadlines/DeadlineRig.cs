using GosChat.Domain.Deadlines;
using GosChat.Domain.Engine;
using GosChat.Domain.Jobs;
using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Domain.Tests.Support;
using GosChat.Storage.InMemory;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Domain.Tests.Deadlines;

/// <summary>Remembers what the deadline handlers told people.</summary>
public sealed class RecordingNotifier : IDeadlineNotifier
{
    public sealed record Warning(string SessionId, DeadlineKind Kind, Instant DueAt, string? OperatorId);
    public sealed record Breach(string SessionId, DeadlineBreach Record);

    private readonly object _gate = new();
    private readonly List<Warning> _warnings = [];
    private readonly List<Breach> _breaches = [];

    public IReadOnlyList<Warning> Warnings { get { lock (_gate) return _warnings.ToList(); } }
    public IReadOnlyList<Breach> Breaches { get { lock (_gate) return _breaches.ToList(); } }

    public Task WarningAsync(Session session, DeadlineKind kind, Instant dueAt, string? operatorId)
    {
        lock (_gate) _warnings.Add(new Warning(session.Id, kind, dueAt, operatorId));
        return Task.CompletedTask;
    }

    /// <summary>While set, announcing a breach fails as if the node died right after recording it.</summary>
    public bool FailBreaches { get; set; }

    public Task BreachedAsync(Session session, DeadlineBreach breach)
    {
        if (FailBreaches) throw new InvalidOperationException("the node died before the announcement went out");
        lock (_gate) _breaches.Add(new Breach(session.Id, breach));
        return Task.CompletedTask;
    }
}

/// <summary>A contact centre over in-memory stores with deadlines wired as the server wires them, and a fake clock.</summary>
public sealed class DeadlineRig
{
    public static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    /// <summary>Monday 23 November 2026, 09:00 Moscow time.</summary>
    public FakeClock Clock { get; } = FakeClock.FromUtc(2026, 11, 23, 6, 0, 0);
    public InMemoryRoutingStore Store { get; } = new();
    public ManualJobScheduler Jobs { get; }
    public InMemoryBreachLog BreachLog { get; } = new();
    public InMemoryAnnouncementOutbox Outbox { get; } = new();
    public RecordingNotifier Notifier { get; } = new();
    public RecordingEvents Events { get; } = new();
    public SwitchableHours Hours { get; } = new() { Open = true };
    public DeadlineOptions Options { get; }
    public ContactCentre Centre { get; }
    public DeadlineWarningHandler WarningHandler { get; }
    public DeadlineBreachHandler BreachHandler { get; }
    public BreachAnnouncer Announcer { get; }
    public JobDispatcher Dispatcher { get; }

    public DeadlineRig(DeadlineOptions? options = null)
    {
        Options = options ?? new DeadlineOptions();
        Jobs = new ManualJobScheduler(Clock);
        var scheduler = new DeadlineScheduler(Jobs, Options);
        Centre = new ContactCentre(Store, new InMemoryMessageStore(), new InMemoryTicketSequence(), Clock, new ContactCentreOptions(),
            Events, Hours, observers: [new DeadlineObserver(scheduler)]);
        WarningHandler = new DeadlineWarningHandler(Centre, Notifier, Jobs);
        BreachHandler = new DeadlineBreachHandler(Centre, Notifier, BreachLog, Outbox, Moscow);
        Announcer = new BreachAnnouncer(Outbox, BreachHandler, Clock, Options);
        Dispatcher = new JobDispatcher([WarningHandler, BreachHandler], Clock);
    }

    /// <summary>Runs the deadline jobs due on the clock; a handler that throws fails the test.</summary>
    public Task<IReadOnlyList<string>> RunDueAsync() => Jobs.RunDueAsync(Dispatcher);

    public async Task<Session> StartAsync(Channel channel = Channel.Chat, bool critical = false, string topic = "101") =>
        (await Centre.Citizens.StartAsync(new StartRequest { Topic = topic, Channel = channel, Critical = critical })).Session;

    public async Task OnlineAsync(string id, bool senior = false, string[]? queues = null)
    {
        var account = new OperatorAccount { Id = id, Name = "Operator " + id, Queues = queues ?? ["101"], Senior = senior };
        await Centre.Operators.ConnectedAsync(account, "conn-" + id);
        await Centre.Operators.SetPresenceAsync(id, "available");
        Clock.AdvanceSeconds(1);
    }

    public async Task SettleAsync() => await Centre.Dispatcher.DispatchAsync();

    public async Task<Session> SessionAsync(string id) => await Store.GetSessionAsync(id) ?? throw new AssertionException("no session " + id);

    public async Task<Offer?> PendingOfferAsync(string operatorId)
    {
        var op = await Store.GetOperatorAsync(operatorId);
        return op?.PendingOfferId is { } id ? await Store.GetOfferAsync(id) : null;
    }

    public async Task<Session> AcceptAsync(string operatorId)
    {
        await SettleAsync();
        var offer = await PendingOfferAsync(operatorId) ?? throw new AssertionException(operatorId + " has no offer");
        return (await Centre.Operators.AcceptAsync(operatorId, offer.Id)).Session;
    }

    public Task<IReadOnlyList<DelayedJob>> DeadlineJobsAsync(string sessionId) =>
        Task.FromResult<IReadOnlyList<DelayedJob>>(Jobs.All.Where(j => j.Id.StartsWith($"deadline:{sessionId}:", StringComparison.Ordinal)).ToList());

    /// <summary>
    /// The deadline's warning job, or its breach check: the scheduled breach job, or, while the warning has not run yet,
    /// the breach job that warning will schedule (<see cref="DeadlineJobs.Breach"/>). Null when neither is scheduled.
    /// </summary>
    public Task<DelayedJob?> JobAsync(string sessionId, DeadlineKind kind, bool warning)
    {
        var warn = Jobs.Get(DeadlineJobs.WarningId(sessionId, kind));
        if (warning) return Task.FromResult(warn);
        var breach = Jobs.Get(DeadlineJobs.BreachId(sessionId, kind))
                     ?? (warn is null ? null : DeadlineJobs.Breach(DeadlineJobs.Deserialize(warn.Payload)));
        return Task.FromResult(breach);
    }
}
