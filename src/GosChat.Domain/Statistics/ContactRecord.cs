using GosChat.Domain.Deadlines;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// The figures-relevant timeline of one closed session, kept for reports over days: no text, name, phone, ticket or
/// session id (only <see cref="Key"/>, a one-way key of it, so a rating replaces the record and an erased citizen's
/// session cannot be found from it). It belongs to the local day (in the schedules' zone) the session was created on.
/// </summary>
public sealed record ContactRecord
{
    /// <summary><see cref="KeyOf"/> the session id.</summary>
    public required string Key { get; init; }
    /// <summary>The queue the session ended in.</summary>
    public required string Queue { get; init; }
    /// <summary>chat or call.</summary>
    public required string Channel { get; init; }
    /// <summary>The operator who had the session at its close; null when nobody answered it.</summary>
    public string? OperatorId { get; init; }
    public Instant CreatedAt { get; init; }
    /// <summary>When it (last) entered a queue.</summary>
    public Instant QueuedAt { get; init; }
    public Instant? AssignedAt { get; init; }
    public Instant? FirstReplyAt { get; init; }
    public Instant ClosedAt { get; init; }
    /// <summary>How many times it went back to a queue (transfers and returns).</summary>
    public int Transfers { get; init; }
    /// <summary>The deadlines it missed (<see cref="DeadlineNames"/>).</summary>
    public IReadOnlyList<string> Breaches { get; init; } = [];
    /// <summary>The citizen's score 1–5, once rated.</summary>
    public int? Rating { get; init; }
    /// <summary>
    /// Sessions with a verified identity: whether the same citizen had another session created in the
    /// <see cref="RepeatWindowDays"/> days before this one. Null when nobody vouched for who the citizen is.
    /// </summary>
    public bool? Repeat { get; init; }
    /// <summary>Request records (<see cref="Channel"/> = <see cref="RequestChannel"/>): when the request was due.</summary>
    public Instant? DueAt { get; init; }

    /// <summary>The channel of a request's record: opened at <see cref="CreatedAt"/>, finished (resolved or declined) at <see cref="ClosedAt"/>.</summary>
    public const string RequestChannel = "request";
    /// <summary>The deadline name of a request finished after its due instant (or marked breached).</summary>
    public const string RequestDeadline = "request";
    public const int RepeatWindowDays = 7;

    public bool IsRequest => Channel == RequestChannel;

    public bool Answered => AssignedAt is not null;

    /// <summary>Seconds from entering the queue to being accepted, for answered sessions.</summary>
    public double? WaitSeconds => AssignedAt is { } a ? Math.Max(0, (a - QueuedAt).TotalSeconds) : null;

    /// <summary>Seconds from entering the queue to the operator's first message; null without one, or when it came before the last transfer.</summary>
    public double? FirstReplySeconds => FirstReplyAt is { } r && r >= QueuedAt ? (r - QueuedAt).TotalSeconds : null;

    /// <summary>Seconds from acceptance to close, for answered sessions.</summary>
    public double? HandleSeconds => AssignedAt is { } a ? Math.Max(0, (ClosedAt - a).TotalSeconds) : null;

    /// <summary>Seconds the citizen waited before giving up, for abandoned sessions.</summary>
    public double? AbandonedAfterSeconds => AssignedAt is null ? Math.Max(0, (ClosedAt - QueuedAt).TotalSeconds) : null;

    /// <summary>The first 128 bits of SHA-256 of the session id, in hex.</summary>
    public static string KeyOf(string sessionId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId)))[..32];

    /// <summary>
    /// The record of a finished (resolved or declined) request, under the key of its ticket: who it was assigned to,
    /// when it was opened, finished and due, and whether it missed its deadline. No text, name or contact.
    /// </summary>
    public static ContactRecord FromRequest(Requests.ServiceRequest request) => new()
    {
        Key = KeyOf("request:" + request.Ticket),
        Queue = request.Queue,
        Channel = RequestChannel,
        OperatorId = request.AssigneeId,
        CreatedAt = request.OpenedAt,
        QueuedAt = request.OpenedAt,
        ClosedAt = request.StatusSince,
        DueAt = request.DueAt,
        Breaches = request.BreachedAt is not null || request.StatusSince > request.DueAt ? [RequestDeadline] : [],
    };

    public static ContactRecord From(Session session) => new()
    {
        Key = KeyOf(session.Id),
        Queue = session.Queue,
        Channel = session.Channel == Sessions.Channel.Call ? "call" : "chat",
        OperatorId = session.AssignedAt is null ? null : session.OperatorId,
        CreatedAt = session.CreatedAt,
        QueuedAt = session.QueuedAt,
        AssignedAt = session.AssignedAt,
        FirstReplyAt = session.FirstOperatorReplyAt,
        ClosedAt = session.ClosedAt ?? session.QueuedAt,
        Transfers = session.TransferredFrom.Count,
        Breaches = session.Breaches.Select(b => DeadlineNames.Of(b.Kind)).Distinct().ToList(),
        Rating = session.Rating,
    };
}
