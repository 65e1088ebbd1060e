using GosChat.Domain.Scheduling;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// A request's promised answer time, counted in working time on its queue's calendar (SERVICE-RULES.md, Deadlines):
/// <c>standard</c> 24 working hours, <c>security</c> 4, <c>form</c> 48, <c>tech24</c>/<c>tech48</c>/<c>tech72</c>
/// 24/48/72, <c>complaint</c> 5 working days.
/// </summary>
public sealed record DeadlineClass(string Name, Duration? WorkingHours, int? WorkingDays)
{
    public static readonly DeadlineClass Standard = new("standard", Duration.FromHours(24), null);
    public static readonly DeadlineClass Security = new("security", Duration.FromHours(4), null);
    public static readonly DeadlineClass Form = new("form", Duration.FromHours(48), null);
    public static readonly DeadlineClass Complaint = new("complaint", null, 5);
    public static readonly DeadlineClass Tech24 = new("tech24", Duration.FromHours(24), null);
    public static readonly DeadlineClass Tech48 = new("tech48", Duration.FromHours(48), null);
    public static readonly DeadlineClass Tech72 = new("tech72", Duration.FromHours(72), null);

    public static IReadOnlyList<DeadlineClass> All { get; } = [Standard, Security, Form, Complaint, Tech24, Tech48, Tech72];

    /// <summary>The class of a wire name; a missing name is <see cref="Standard"/>, an unknown one a bad request.</summary>
    public static DeadlineClass Parse(string? name) =>
        name is null ? Standard
        : All.FirstOrDefault(c => c.Name == name)
          ?? throw DomainException.BadRequest(ErrorCodes.BadDeadlineClass,
              $"Unknown deadline class '{name}'. Valid: {string.Join(", ", All.Select(c => c.Name))}.");

    /// <summary>When a request of this class opened at <paramref name="openedAt"/> is due on <paramref name="calendar"/>.</summary>
    public Instant DueAt(WorkingTimeCalculator calendar, Instant openedAt) =>
        WorkingHours is { } hours ? calendar.AddWorkingTime(openedAt, hours) : calendar.AddWorkingDays(openedAt, WorkingDays!.Value);
}
