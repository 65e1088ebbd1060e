using System.ComponentModel.DataAnnotations;
using GosChat.Domain.Calls;
using GosChat.Server.Limits;
using NodaTime;

namespace GosChat.Server.Api.Ivr;

/// <summary>
/// <c>GosChat:Callbacks:Anonymous</c>: limits of bookings made without an API key (from the widget or any web page),
/// and their confirmation by a one-time code sent to the phone (docs/ivr.md, docs/security.md).
/// </summary>
public sealed class AnonymousCallbackSettings : IValidatableObject
{
    public const string Section = "GosChat:Callbacks:Anonymous";

    /// <summary>Bookings one phone number may have open (pending or booked) at once.</summary>
    [Range(1, 100)]
    public int OpenPerPhone { get; set; } = 2;

    /// <summary>Bookings made for one phone number (each sends it a code) per window.</summary>
    public RuleOptions PerPhone { get; set; } = new(4, TimeSpan.FromDays(1));

    /// <summary>Anonymous bookings from one client address per window, counted on every node.</summary>
    public RuleOptions PerAddress { get; set; } = new(20, TimeSpan.FromHours(1));

    /// <summary>How long the code is accepted; an unconfirmed booking then expires (it never held a place).</summary>
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes after which the booking expires.</summary>
    [Range(1, 20)]
    public int ConfirmationAttempts { get; set; } = 5;

    public AnonymousCallbackOptions ToDomain() => new()
    {
        OpenPerPhone = OpenPerPhone,
        PerPhone = PerPhone.Rule,
        PerAddress = PerAddress.Rule,
        ConfirmationTimeout = Duration.FromTimeSpan(ConfirmationTimeout),
        ConfirmationAttempts = ConfirmationAttempts,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in new[] { (nameof(PerPhone), PerPhone), (nameof(PerAddress), PerAddress) })
        {
            if (rule.Limit < 1) yield return new ValidationResult($"{Section}:{name}:Limit must be at least 1.");
            if (rule.Window <= TimeSpan.Zero) yield return new ValidationResult($"{Section}:{name}:Window must be positive (hh:mm:ss).");
        }
        if (ConfirmationTimeout <= TimeSpan.Zero) yield return new ValidationResult($"{Section}:ConfirmationTimeout must be positive.");
    }
}
