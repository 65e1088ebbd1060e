using System.ComponentModel.DataAnnotations;

namespace GosChat.Server.Auth;

/// <summary>The sign-in settings of section <c>GosChat</c>: how long a sign-in lasts, and sign-in attempts per address.</summary>
public sealed class SignInOptions : IValidatableObject
{
    public const string Section = "GosChat";

    /// <summary>Sign-in attempts allowed per client address per minute (beyond: 429).</summary>
    [Range(1, int.MaxValue)]
    public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>How long an operator's sign-in lasts (its cookie, and refreshing its access token).</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long one access (bearer) token lasts; the console renews it with its refresh token before then.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SignInLifetime <= TimeSpan.Zero) yield return new ValidationResult($"{Section}:SignInLifetime must be positive.");
        if (AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > SignInLifetime)
            yield return new ValidationResult($"{Section}:AccessTokenLifetime must be positive and at most SignInLifetime.");
    }
}
