using GosChat.Domain.Engine;
using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;
using GosChat.Storage.InMemory;
using GosChat.TestSupport;
using NodaTime;

namespace GosChat.Domain.Tests.Support;

/// <summary>
/// One contact centre over the in-memory stores, a fake clock and recorded events. Each test makes its own.
/// Background passes the engine starts by itself may run at any time, so tests await
/// <see cref="SettleAsync"/> (a dispatch pass that starts after the call) before looking at offers.
/// </summary>
public sealed class TestCentre
{
    public FakeClock Clock { get; } = FakeClock.FromUtc(2026, 11, 23, 6, 0, 0);
    public InMemoryRoutingStore Store { get; } = new();
    public InMemoryMessageStore Messages { get; } = new();
    public InMemoryTicketSequence Tickets { get; } = new();
    public RecordingEvents Events { get; } = new();
    public ContactCentreOptions Options { get; }
    public ContactCentre Centre { get; }

    public TestCentre(ContactCentreOptions? options = null, IWorkingHours? hours = null, ITopicRouter? topics = null)
    {
        Options = options ?? new ContactCentreOptions();
        Centre = new ContactCentre(Store, Messages, Tickets, Clock, Options, Events, hours, topics);
        Centre.Dispatcher.Failed += ex =>
        {
            lock (_failures) _failures.Add(ex);
        };
    }

    private readonly List<Exception> _failures = [];

    public CitizenService Citizens => Centre.Citizens;
    public OperatorService Operators => Centre.Operators;
    public Dispatcher Dispatcher => Centre.Dispatcher;

    public static OperatorAccount Account(string id, string[]? queues = null, string[]? languages = null, int maxChats = 3, bool senior = false) => new()
    {
        Id = id,
        Name = "Operator " + id,
        Queues = queues ?? ["101"],
        Languages = languages ?? ["ru"],
        MaxChats = maxChats,
        Senior = senior,
    };

    /// <summary>Connects the operator and makes them available, then moves the clock one second so the next one is idle for less time.</summary>
    public async Task<OperatorState> OnlineAsync(OperatorAccount account)
    {
        await Operators.ConnectedAsync(account, "conn-" + account.Id);
        var state = await Operators.SetPresenceAsync(account.Id, "available");
        Clock.AdvanceSeconds(1);
        return state;
    }

    public Task<OperatorState> OnlineAsync(string id, string[]? queues = null, string[]? languages = null, int maxChats = 3, bool senior = false) =>
        OnlineAsync(Account(id, queues, languages, maxChats, senior));

    public async Task<Session> StartAsync(string? topic = "101", string? text = null, string? language = null, string? kind = null, Channel channel = Channel.Chat)
    {
        var result = await Citizens.StartAsync(new StartRequest { Topic = topic, Text = text, Language = language, Kind = kind, Channel = channel });
        return result.Session;
    }

    /// <summary>Runs a dispatch pass that starts now and waits for it; fails the test if any dispatch pass so far has failed.</summary>
    public async Task SettleAsync()
    {
        await Dispatcher.DispatchAsync();
        lock (_failures)
            if (_failures.Count > 0) throw new AssertionException("a dispatch pass failed: " + _failures[0]);
    }

    public async Task<Session> SessionAsync(string id) =>
        await Store.GetSessionAsync(id) ?? throw new AssertionException($"session {id} is not stored");

    public async Task<OperatorState> OperatorAsync(string id) =>
        await Store.GetOperatorAsync(id) ?? throw new AssertionException($"operator {id} is not stored");

    /// <summary>The offer pending for an operator, or null.</summary>
    public async Task<Offer?> PendingOfferAsync(string operatorId)
    {
        var op = await OperatorAsync(operatorId);
        return op.PendingOfferId is { } id ? await Store.GetOfferAsync(id) : null;
    }

    /// <summary>Settles, then accepts what the operator has been offered; fails if nothing is.</summary>
    public async Task<Session> AcceptPendingAsync(string operatorId)
    {
        await SettleAsync();
        var offer = await PendingOfferAsync(operatorId) ?? throw new AssertionException($"{operatorId} has no pending offer");
        var view = await Operators.AcceptAsync(operatorId, offer.Id);
        return view.Session;
    }

    /// <summary>Starts a session and has the operator accept it.</summary>
    public async Task<Session> ActiveWithAsync(string operatorId, string topic = "101", string? text = null)
    {
        var started = await StartAsync(topic, text);
        var accepted = await AcceptPendingAsync(operatorId);
        Assert.That(accepted.Id, Is.EqualTo(started.Id), "the operator was offered another session than the one just started");
        return accepted;
    }
}
