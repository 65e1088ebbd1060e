using NodaTime;

namespace GosChat.Domain.Deadlines;

/// <summary>A missed deadline as recorded with its session, for statistics and complaints.</summary>
/// <param name="Kind">Which deadline.</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="RecordedAt">When the breach was noticed and recorded.</param>
/// <param name="LateBySeconds">Whole seconds between <paramref name="DueAt"/> and <paramref name="RecordedAt"/>.</param>
/// <param name="Announced">The supervisors were told (set after the announcement was published; until then a retry announces it).</param>
public sealed record DeadlineBreach(DeadlineKind Kind, Instant DueAt, Instant RecordedAt, long LateBySeconds, bool Announced = false)
{
    /// <summary>The breach's id, the same on every node and retry (<c>{sessionId}:{deadline}</c>): clients drop repeats by it.</summary>
    public static string IdOf(string sessionId, DeadlineKind kind) => sessionId + ":" + DeadlineNames.Of(kind);
}

/// <summary>Wire and id spellings of <see cref="DeadlineKind"/>.</summary>
public static class DeadlineNames
{
    public static string Of(DeadlineKind kind) => kind switch
    {
        DeadlineKind.FirstResponse => "firstResponse",
        DeadlineKind.Resolution => "resolution",
        DeadlineKind.Answer => "answer",
        DeadlineKind.CallbackConfirmation => "confirmation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown deadline."),
    };

    public static IReadOnlyList<DeadlineKind> All { get; } =
        [DeadlineKind.FirstResponse, DeadlineKind.Resolution, DeadlineKind.Answer, DeadlineKind.CallbackConfirmation];
}
