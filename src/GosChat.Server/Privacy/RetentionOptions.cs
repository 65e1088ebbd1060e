using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Privacy;

/// <summary>
/// <c>GosChat:Retention</c>: how long personal data is kept. A closed session (its record, contact details,
/// messages, files and citizen-history entry) is erased <see cref="ClosedSessions"/> after it closed; a callback
/// booking <see cref="Callbacks"/> after its slot ended. Both stores run the purge every <see cref="PurgeInterval"/>;
/// on Redis the same retention also expires the keys themselves.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "GosChat:Retention";

    /// <summary>Default 30 days.</summary>
    public TimeSpan ClosedSessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Default 30 days after the slot.</summary>
    public TimeSpan Callbacks { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a node purges what has outlived its retention; default 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Sessions erased per pass at most (the next pass goes on); default 500.</summary>
    [Range(1, 100_000)]
    public int PurgeBatch { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClosedSessions <= TimeSpan.Zero || Callbacks <= TimeSpan.Zero || PurgeInterval <= TimeSpan.Zero)
            yield return new ValidationResult($"{Section}: ClosedSessions, Callbacks and PurgeInterval must be positive.");
    }
}
