namespace GosChat.Domain.Lines;

/// <summary>The lines of the help line, bound from <c>GosChat:Lines</c> (docs/lines.md): the key is the line's id.</summary>
public sealed class LinesOptions
{
    public const string Section = "GosChat";

    /// <summary><c>GosChat:Lines:{id}</c>; none = one implicit default line, exactly as before lines existed.</summary>
    public Dictionary<string, LineOptions> Lines { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One line: the numbers that reach it, the widget sites that embed it, its menu, its queues and its hours.</summary>
public sealed class LineOptions
{
    /// <summary>Dialled numbers of the line in any common form (<c>8-800-555-35-35</c>, <c>+7 (495) 123-45-67</c>); compared as E.164.</summary>
    public List<string> Numbers { get; set; } = [];

    /// <summary>Widget site keys (the widget's <c>data-line</c>) that mean this line, besides its id.</summary>
    public List<string> Sites { get; set; } = [];

    /// <summary>Extension (3 digits) → queue. Empty = the Entry queue under its own code, or without an Entry every queue of the catalogue.</summary>
    public Dictionary<string, string> Menu { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The queue a call takes when the caller keyed no extension (a single-department line); empty = ask for one.</summary>
    public string? Entry { get; set; }

    /// <summary>The line answers unknown numbers (at most one line); without one, unknown numbers get the implicit default line.</summary>
    public bool Default { get; set; }

    /// <summary>
    /// <c>…:Schedule:{Monday..Sunday}</c>: the line's own staffed hours for calls ("HH:mm-HH:mm"), replacing its queues'
    /// phone hours for calls that came through this line. Absent = the queues' own hours.
    /// </summary>
    public Dictionary<string, List<string>> Schedule { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
