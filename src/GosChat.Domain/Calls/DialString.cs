using GosChat.Domain.Queues;

namespace GosChat.Domain.Calls;

/// <summary>What a caller keyed, read as an extension: the queue it selects, if any.</summary>
/// <param name="Extension">The trailing group of exactly three digits, or null when there is none.</param>
/// <param name="Queue">The queue of a known extension (101–104), or null.</param>
public sealed record DialedExtension(string? Extension, string? Queue)
{
    public bool IsRoutable => Queue is not null;
}

/// <summary>
/// Reads the extension out of a dial string as people and phones write it: a bare "101", a whole number with the
/// extension after it ("+7 (495) 123-45-67 101", "8-800-555-35-35 доб. 103"), or a spoken-style prefix ("ext 102",
/// "доб.104"). The extension is the last run of digits when it is exactly three digits long; trailing DTMF
/// terminators (# and *) and spaces are ignored. Pure: no I/O, no clock.
/// </summary>
public static class DialString
{
    /// <summary>Longest dial string looked at; anything longer is not a dial string.</summary>
    public const int MaxLength = 100;

    public static DialedExtension Parse(string? dialed)
    {
        if (string.IsNullOrWhiteSpace(dialed) || dialed.Length > MaxLength) return new DialedExtension(null, null);
        var end = dialed.Length;
        while (end > 0 && (char.IsWhiteSpace(dialed[end - 1]) || dialed[end - 1] is '#' or '*' or '.')) end--;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(dialed[start - 1])) start--;
        var run = end - start;
        // The group must stand alone: it may not be glued to letters ("a101") — digits are already excluded by the scan.
        if (run != 3 || (start > 0 && char.IsLetter(dialed[start - 1]) && !IsPrefixWordEnd(dialed, start)))
            return new DialedExtension(null, null);
        var extension = dialed.Substring(start, 3);
        return new DialedExtension(extension, QueueCatalog.IsKnown(extension) ? extension : null);
    }

    /// <summary>The valid extensions, in order, for a reprompt menu.</summary>
    public static IReadOnlyList<QueueInfo> Menu => QueueCatalog.All;

    // "ext102" and "доб103" glue a known prefix word to the digits; other letters before digits ("a101") do not make an extension.
    private static bool IsPrefixWordEnd(string dialed, int digitsStart)
    {
        var before = dialed[..digitsStart].TrimEnd().ToLowerInvariant();
        return before.EndsWith("ext", StringComparison.Ordinal) || before.EndsWith("доб", StringComparison.Ordinal)
               || before.EndsWith("x", StringComparison.Ordinal);
    }
}
