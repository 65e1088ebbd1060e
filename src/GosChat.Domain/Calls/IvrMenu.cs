using GosChat.Domain.Sessions;

namespace GosChat.Domain.Calls;

/// <summary>
/// What the caller chose in the voice menu, as the telephony platform sends it (keys pressed, or the values
/// themselves): the language, the kind of request, the urgent "account taken over" option and a ticket number to
/// continue a request. All optional; a request that carries choices at all runs the menu (<see cref="IvrMenu"/>).
/// </summary>
public sealed record IvrChoices(string? Language = null, string? Kind = null, bool? Urgent = null, string? Ticket = null);

/// <summary>One key of a prompt and what it selects.</summary>
public sealed record IvrOption(string Digit, string Value);

/// <summary>A question the platform plays next; <paramref name="Invalid"/> is the answer given that did not fit, if any.</summary>
public sealed record IvrPrompt(string Name, IReadOnlyList<IvrOption> Options, string? Invalid = null);

/// <summary>The caller's choices read and checked: what the call is routed by.</summary>
public sealed record IvrSelection(string Language, string Kind, bool Urgent, string? Ticket);

/// <summary>
/// The voice menu: language (1 Russian, 2 English, 3 Tatar, 4 Bashkir), then the kind of request (1 application,
/// 2 complaint, 3 question: the ticket's first digit), asked in that order when missing. A ticket to continue a
/// request, when given, must be a valid ticket and decides the kind itself. The urgent option (account taken over)
/// marks the call critical. Pure.
/// </summary>
public static class IvrMenu
{
    public const string LanguagePrompt = "language";
    public const string KindPrompt = "kind";
    public const string TicketPrompt = "ticket";

    public static readonly IReadOnlyList<IvrOption> LanguageOptions =
        [new("1", Languages.Russian), new("2", Languages.English), new("3", Languages.Tatar), new("4", Languages.Bashkir)];

    public static readonly IReadOnlyList<IvrOption> KindOptions =
        [new("1", "application"), new("2", "complaint"), new("3", "question")];

    /// <summary>The next prompt to play, or the selection when every choice is there and fits.</summary>
    public static (IvrPrompt? Prompt, IvrSelection? Selection) Read(IvrChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (Pick(LanguageOptions, choices.Language) is not { } language)
            return (new IvrPrompt(LanguagePrompt, LanguageOptions, Blank(choices.Language) ? null : choices.Language), null);

        string? ticket = null;
        if (!Blank(choices.Ticket))
        {
            ticket = new string(choices.Ticket!.Where(char.IsAsciiDigit).ToArray());
            if (!Sessions.Ticket.IsValid(ticket)) return (new IvrPrompt(TicketPrompt, [], choices.Ticket), null);
        }

        var kind = ticket is not null ? KindOptions.First(o => o.Digit == ticket[..1]).Value : Pick(KindOptions, choices.Kind);
        if (kind is null)
            return (new IvrPrompt(KindPrompt, KindOptions, Blank(choices.Kind) ? null : choices.Kind), null);

        return (null, new IvrSelection(language, kind, choices.Urgent == true, ticket));
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>A key ("2") or the value itself ("en"), case-insensitive; null when missing or not an option.</summary>
    private static string? Pick(IReadOnlyList<IvrOption> options, string? answer)
    {
        if (Blank(answer)) return null;
        var a = answer!.Trim().TrimEnd('#');
        return options.FirstOrDefault(o => o.Digit == a || string.Equals(o.Value, a, StringComparison.OrdinalIgnoreCase))?.Value;
    }
}
