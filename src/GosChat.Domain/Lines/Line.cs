using GosChat.Domain.Scheduling;

namespace GosChat.Domain.Lines;

/// <summary>
/// A line: a dialled number (or widget site) with its own menu, queues and, optionally, its own staffed hours for calls.
/// Outside those hours the line's automated part answers (voicemail, callback booking, a request's status by ticket).
/// </summary>
/// <param name="Menu">Extension → queue, in menu order.</param>
/// <param name="Entry">The queue of a call that keyed no extension, or null (ask for one).</param>
/// <param name="Schedule">The line's own hours for its calls, or null: its queues' phone hours.</param>
public sealed record Line(
    string Id, IReadOnlyList<string> Numbers, IReadOnlyList<string> Sites, IReadOnlyList<KeyValuePair<string, string>> Menu,
    string? Entry, bool IsDefault, WorkingHoursSchedule? Schedule)
{
    /// <summary>The line's queues, in menu order (the entry queue first when it is not on the menu).</summary>
    public IReadOnlyList<string> Queues { get; } = OrderQueues(Menu, Entry);

    /// <summary>The queue behind an extension on this line, or null.</summary>
    public string? QueueFor(string? extension) =>
        extension is null ? null : Menu.FirstOrDefault(m => m.Key == extension).Value;

    public bool Serves(string queue) => Queues.Contains(queue);

    private static string[] OrderQueues(IReadOnlyList<KeyValuePair<string, string>> menu, string? entry)
    {
        var queues = menu.Select(m => m.Value).Distinct().ToList();
        if (entry is not null && !queues.Contains(entry)) queues.Insert(0, entry);
        return queues.ToArray();
    }
}

/// <summary>A dial string read against the lines: the line it reached, the extension keyed, and the queue they select.</summary>
public sealed record LineCall(Line Line, string? Extension, string? Queue);
