using GosChat.Domain.Operators;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Storage.Tests.Routing;

internal static class Samples
{
    public static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 9, 0);

    public static Session Session(string id, string queue = "101", SessionState state = SessionState.Queued, int ageSeconds = 0) => new()
    {
        Id = id,
        Ticket = "3" + Math.Abs(id.GetHashCode() % 100_000_000).ToString("D8"),
        Queue = queue,
        State = state,
        CreatedAt = T0 - Duration.FromSeconds(ageSeconds),
        QueuedAt = T0 - Duration.FromSeconds(ageSeconds),
        OrderAt = T0 - Duration.FromSeconds(ageSeconds),
    };

    public static OperatorState Operator(string id, string queue = "101", int maxChats = 3) => new()
    {
        Id = id,
        Name = "Operator " + id,
        Queues = [queue],
        Languages = ["ru", "en"],
        MaxChats = maxChats,
        Presence = Presence.Available,
        Connections = ["c-" + id],
        IdleSince = T0,
    };
}
