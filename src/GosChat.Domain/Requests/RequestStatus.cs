using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// Where a request stands: received → in progress → waiting for the citizen → resolved / declined
/// (in progress and waiting may alternate; resolved and declined are final).
/// </summary>
public enum RequestStatus
{
    Received,
    InProgress,
    WaitingForCitizen,
    Resolved,
    Declined,
}

/// <summary>One change of a request's status: to what, by whom (an operator id, or "system"), when.</summary>
public sealed record StatusChange(RequestStatus Status, string By, Instant At);

/// <summary>Wire names of <see cref="RequestStatus"/> (docs/requests.md).</summary>
public static class RequestStatuses
{
    public const string Received = "received";
    public const string InProgress = "inProgress";
    public const string WaitingForCitizen = "waitingForCitizen";
    public const string Resolved = "resolved";
    public const string Declined = "declined";

    public static string Wire(RequestStatus status) => status switch
    {
        RequestStatus.Received => Received,
        RequestStatus.InProgress => InProgress,
        RequestStatus.WaitingForCitizen => WaitingForCitizen,
        RequestStatus.Resolved => Resolved,
        _ => Declined,
    };

    public static RequestStatus Parse(string? status) => status switch
    {
        InProgress => RequestStatus.InProgress,
        WaitingForCitizen => RequestStatus.WaitingForCitizen,
        Resolved => RequestStatus.Resolved,
        Declined => RequestStatus.Declined,
        _ => throw DomainException.BadRequest(ErrorCodes.BadRequestStatus,
            $"Unknown status '{status}'. Valid: {InProgress}, {WaitingForCitizen}, {Resolved}, {Declined}."),
    };

    public static bool IsFinal(RequestStatus status) => status is RequestStatus.Resolved or RequestStatus.Declined;

    /// <summary>Whether a request may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(RequestStatus from, RequestStatus to) =>
        !IsFinal(from) && from != to && to != RequestStatus.Received;
}
