using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Auth;

/// <summary><c>GosChat:Auth</c>: how sign-ins are checked and how wrong passwords are slowed down.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "GosChat:Auth";

    /// <summary>How often a node closes its operator connections whose sign-in ended on another node.</summary>
    public TimeSpan SignInCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wrong passwords for one login before it is locked for the rest of 15 minutes.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerQuarterHour { get; set; } = 5;

    /// <summary>… for the rest of the hour.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerHour { get; set; } = 10;

    /// <summary>… for the rest of the day.</summary>
    [Range(1, int.MaxValue)]
    public int FailuresPerDay { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SignInCheckInterval <= TimeSpan.Zero)
            yield return new ValidationResult($"{Section}:SignInCheckInterval must be positive.");
    }
}
