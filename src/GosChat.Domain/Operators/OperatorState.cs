using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Operators;

public enum Presence
{
    Offline,
    Away,
    Available,
}

/// <summary>A session an operator is handling.</summary>
public sealed record ActiveWork(string SessionId, Channel Channel);

/// <summary>
/// The routing state of one operator, shared by every node: skills, presence, work in hand, the offer
/// pending for them, and their live connections. Immutable; <see cref="Version"/> as on <see cref="Session"/>.
/// </summary>
public sealed record OperatorState
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Queues { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public int MaxChats { get; init; } = 3;
    public bool Senior { get; init; }
    public bool Supervisor { get; init; }
    /// <summary>Interpreter tier, set by the operator: preferred for sessions that fell back from a language they do not speak.</summary>
    public bool Interpreter { get; init; }
    public Presence Presence { get; init; } = Presence.Offline;
    public IReadOnlyList<ActiveWork> Work { get; init; } = [];
    public string? PendingOfferId { get; init; }
    /// <summary>Since when the operator has been without new work: set on becoming available and whenever their load changes.</summary>
    public Instant IdleSince { get; init; }
    public IReadOnlyList<string> Connections { get; init; } = [];
    /// <summary>When the last connection went away; null while connected.</summary>
    public Instant? DisconnectedAt { get; init; }
    public long Version { get; init; }

    public bool IsConnected => Connections.Count > 0;
    public bool HasCall => Work.Any(w => w.Channel == Channel.Call);
    public int Load => Work.Count;

    /// <summary>Whether a new session of this channel fits: a call needs the operator free, a chat needs a free chat slot and no call.</summary>
    public bool HasRoomFor(Channel channel) =>
        channel == Channel.Call ? Work.Count == 0 : !HasCall && Work.Count < MaxChats;

    public bool CanServe(Session session) =>
        (session.SeniorOnly ? Senior : Queues.Contains(session.Queue))
        && (Languages.Contains(session.Language) || (session.FallbackLanguage is { } fallback && Languages.Contains(fallback)));

    /// <summary>Skilled for the session's queue and speaking its own language (its fallback aside).</summary>
    public bool Speaks(Session session) =>
        (session.SeniorOnly ? Senior : Queues.Contains(session.Queue)) && Languages.Contains(session.Language);

    /// <summary>
    /// Can this operator be offered a session right now? With <paramref name="despiteExpiredOffer"/>, an offer of it they
    /// let expire recently does not stand in the way (an explicit decline still does).
    /// </summary>
    public bool IsEligibleFor(Session session, Instant now, bool despiteExpiredOffer = false) =>
        Presence == Presence.Available && IsConnected && PendingOfferId is null
        && HasRoomFor(session.Channel) && CanServe(session) && !session.IsDeclinedBy(Id, now, countExpired: !despiteExpiredOffer);

    /// <summary>Refreshes the configured fields from the account, keeping runtime state.</summary>
    public OperatorState WithAccount(OperatorAccount account) => this with
    {
        Name = account.Name,
        Queues = account.Queues,
        Languages = account.Languages,
        MaxChats = account.MaxChats,
        Senior = account.Senior,
        Supervisor = account.Roles.Contains(Roles.Supervisor),
    };

    public static OperatorState FromAccount(OperatorAccount account, Instant now) => new OperatorState
    {
        Id = account.Id,
        Name = account.Name,
        IdleSince = now,
    }.WithAccount(account);
}
