using System.ComponentModel.DataAnnotations;
using GosChat.Domain.Engine;
using NodaTime;

namespace GosChat.Server.Scheduling;

/// <summary>
/// The routing settings of section <c>GosChat</c> (see appsettings.example.json): offers, disconnects, resume and the
/// node's sweep. The domain gets them as <see cref="ContactCentreOptions"/>.
/// </summary>
public sealed class RoutingOptions : IValidatableObject
{
    public const string Section = "GosChat";

    public string TimeZone { get; set; } = "Europe/Moscow";
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan OfferExtension { get; set; } = TimeSpan.FromSeconds(20);
    [Range(0, 10)]
    public int OfferExtensionsAllowed { get; set; } = 1;
    public TimeSpan DeclineCooldown { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan DefaultHandleTime { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>How long after a session closes its resume token still opens it (and its files).</summary>
    public TimeSpan ResumeAfterClose { get; set; } = TimeSpan.FromHours(24);
    /// <summary>The language a session falls back to when nobody on duty speaks its own; empty = no fallback (docs/schedules.md).</summary>
    public string FallbackLanguage { get; set; } = GosChat.Domain.Sessions.Languages.Russian;
    /// <summary>How long a session waits for an operator of its own language before it falls back.</summary>
    public TimeSpan LanguageFallbackWait { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>How often each node expires offers, returns sessions of gone operators and releases opened queues.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public ContactCentreOptions ToDomain() => new()
    {
        OfferTimeout = Duration.FromTimeSpan(OfferTimeout),
        OfferExtension = Duration.FromTimeSpan(OfferExtension),
        OfferExtensionsAllowed = OfferExtensionsAllowed,
        DeclineCooldown = Duration.FromTimeSpan(DeclineCooldown),
        DisconnectGrace = Duration.FromTimeSpan(DisconnectGrace),
        DefaultHandleTime = Duration.FromTimeSpan(DefaultHandleTime),
        ResumeAfterClose = Duration.FromTimeSpan(ResumeAfterClose),
        FallbackLanguage = string.IsNullOrWhiteSpace(FallbackLanguage) ? null : FallbackLanguage.Trim(),
        LanguageFallbackWait = Duration.FromTimeSpan(LanguageFallbackWait),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(OfferTimeout), OfferTimeout), (nameof(OfferExtension), OfferExtension), (nameof(DisconnectGrace), DisconnectGrace),
                     (nameof(DefaultHandleTime), DefaultHandleTime), (nameof(ResumeAfterClose), ResumeAfterClose), (nameof(SweepInterval), SweepInterval),
                 })
            if (value <= TimeSpan.Zero) yield return new ValidationResult($"{Section}:{name} must be positive (hh:mm:ss).");
        if (DeclineCooldown < TimeSpan.Zero) yield return new ValidationResult($"{Section}:DeclineCooldown must not be negative.");
        if (LanguageFallbackWait < TimeSpan.Zero) yield return new ValidationResult($"{Section}:LanguageFallbackWait must not be negative.");
        if (!string.IsNullOrWhiteSpace(FallbackLanguage) && !GosChat.Domain.Sessions.Languages.IsKnown(FallbackLanguage.Trim()))
            yield return new ValidationResult($"{Section}:FallbackLanguage must be one of {string.Join(", ", GosChat.Domain.Sessions.Languages.All)}, or empty for no fallback.");
    }
}
