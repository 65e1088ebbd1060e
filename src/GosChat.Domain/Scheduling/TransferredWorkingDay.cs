using NodaTime;

namespace GosChat.Domain.Scheduling;

/// <summary>
/// A date worked as a normal weekday although it is normally a day off (a weekend date moved by a
/// government decree, say). <see cref="WorksAs"/> is the weekday whose windows apply that date.
/// </summary>
public readonly record struct TransferredWorkingDay(LocalDate Date, IsoDayOfWeek WorksAs);
