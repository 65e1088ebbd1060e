namespace GosChat.Domain.Sessions;

/// <summary>Ticket numbers: 9 digits, the first the request kind, then 8 digits of a sequence that never repeats.</summary>
public static class Ticket
{
    public const long MaxSequence = 99_999_999;

    public static string Format(RequestKind kind, long sequence)
    {
        if (sequence is < 1 or > MaxSequence)
            throw new InvalidOperationException($"Ticket sequence {sequence} is outside 1..{MaxSequence}: the numbering space is exhausted.");
        return $"{(int)kind}{sequence:D8}";
    }

    /// <summary>The same ticket with <paramref name="kind"/> as its first digit (the 8-digit sequence stays).</summary>
    public static string WithKind(string ticket, RequestKind kind) =>
        IsValid(ticket) ? $"{(int)kind}{ticket[1..]}" : throw new ArgumentException($"'{ticket}' is not a ticket.", nameof(ticket));

    /// <summary>The 8-digit sequence of a valid ticket (unique across kinds).</summary>
    public static string SequenceOf(string ticket) =>
        IsValid(ticket) ? ticket[1..] : throw new ArgumentException($"'{ticket}' is not a ticket.", nameof(ticket));

    public static bool IsValid(string? ticket) =>
        ticket is { Length: 9 } && ticket.All(char.IsAsciiDigit) && ticket[0] is '1' or '2' or '3';
}
