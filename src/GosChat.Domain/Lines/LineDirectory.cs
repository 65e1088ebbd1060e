using GosChat.Domain.Calls;
using GosChat.Domain.Queues;
using GosChat.Domain.Scheduling;
using NodaTime;

namespace GosChat.Domain.Lines;

/// <summary>
/// The configured lines and how a dial string or a widget's line key finds one. An unknown number reaches the default
/// line: the one configured with <c>Default: true</c>, else the implicit line of every queue under its own extension
/// with its queues' hours — exactly the behaviour from before lines existed. Pure once built.
/// </summary>
public sealed class LineDirectory
{
    public const string ImplicitDefaultId = "default";
    public const string Key = "GosChat:Lines";

    private readonly Dictionary<string, Line> _byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Line> _byKey = new(StringComparer.OrdinalIgnoreCase);

    public LineDirectory(IReadOnlyList<Line> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        All = lines;
        Default = lines.FirstOrDefault(l => l.IsDefault) ?? Implicit();
        foreach (var line in lines)
        {
            _byKey[line.Id] = line;
            foreach (var site in line.Sites) _byKey[site] = line;
            foreach (var number in line.Numbers) _byNumber[number] = line;
        }
    }

    /// <summary>No lines configured: every call reaches the implicit default line.</summary>
    public static LineDirectory Unconfigured { get; } = new([]);

    public IReadOnlyList<Line> All { get; }

    public Line Default { get; }

    /// <summary>The line of an id or widget site key; null for null; <c>unknown_line</c> for anything else.</summary>
    public Line? Find(string? lineOrSite)
    {
        if (string.IsNullOrWhiteSpace(lineOrSite)) return null;
        if (_byKey.TryGetValue(lineOrSite.Trim(), out var line)) return line;
        if (string.Equals(lineOrSite.Trim(), Default.Id, StringComparison.OrdinalIgnoreCase)) return Default;
        throw DomainException.BadRequest(ErrorCodes.UnknownLine,
            $"Unknown line. Valid lines: {string.Join(", ", All.Count == 0 ? [Default.Id] : All.Select(l => l.Id))}.");
    }

    /// <summary>
    /// The topic of a chat started from a widget embedded for a line: a topic must be one of the line's queues
    /// (<c>unknown_queue</c> otherwise); without one, the line's entry queue, or its only queue, or null (found from the text).
    /// </summary>
    public string? ChatTopic(string? lineOrSite, string? topic)
    {
        if (Find(lineOrSite) is not { } line) return topic;
        if (topic is not null)
        {
            return line.Serves(topic)
                ? topic
                : throw DomainException.BadRequest(ErrorCodes.UnknownQueue, $"Unknown topic on this line. Valid topics: {string.Join(", ", line.Queues)}.");
        }
        return line.Entry ?? (line.Queues.Count == 1 ? line.Queues[0] : null);
    }

    /// <summary>
    /// Reads a dial string: the number before the extension (or the whole string) picks the line, the trailing 3-digit
    /// group is the extension, and the line's menu maps it to a queue (the line's entry queue when none was keyed).
    /// </summary>
    public LineCall Resolve(string? dialed)
    {
        var parsed = DialString.Parse(dialed);
        Line? line = null;
        var extension = parsed.Extension;
        if (!string.IsNullOrWhiteSpace(dialed) && dialed.Length <= DialString.MaxLength)
        {
            var text = dialed.Trim().TrimEnd('#', '*', ' ');
            if (extension is not null && text.Length > 3 && PhoneNumber.ToE164(StripExtension(text)) is { } number)
                line = _byNumber.GetValueOrDefault(number);
            else if (PhoneNumber.ToE164(text) is { } whole)
            {
                // The whole string is a number (its last group only looked like an extension): no extension keyed.
                line = _byNumber.GetValueOrDefault(whole);
                if (line is not null) extension = null;
            }
        }
        line ??= Default;
        var queue = extension is null ? line.Entry : line.QueueFor(extension);
        return new LineCall(line, extension, queue);
    }

    /// <summary>The number part before the extension: "+7 (495) 123-45-67 доб. 101" → "+7 (495) 123-45-67".</summary>
    private static string StripExtension(string text)
    {
        var s = text[..^3].TrimEnd();
        foreach (var word in new[] { "доб.", "доб", "ext.", "ext", "x" })
            if (s.EndsWith(word, StringComparison.OrdinalIgnoreCase)) return s[..^word.Length].TrimEnd(' ', ',', ';');
        return s.TrimEnd(',', ';');
    }

    private static Line Implicit() =>
        new(ImplicitDefaultId, [], [], QueueCatalog.Ids.Select(q => new KeyValuePair<string, string>(q, q)).ToArray(), null, true, null);

    /// <summary>Builds and checks the lines of <c>GosChat:Lines</c>; a problem throws <see cref="ScheduleConfigurationException"/> naming the key.</summary>
    public static LineDirectory Build(IReadOnlyDictionary<string, LineOptions>? options, DateTimeZone zone, HolidayCalendar calendar)
    {
        var lines = new List<Line>();
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var sites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, o) in options ?? new Dictionary<string, LineOptions>())
        {
            var key = $"{Key}:{id}";
            if (string.IsNullOrWhiteSpace(id) || id.Length > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new ScheduleConfigurationException(key, "a line id is 1–40 letters, digits, '-' or '_'.");
            if (o is null) continue;
            foreach (var (raw, i) in o.Numbers.Select((n, i) => (n, i)))
            {
                var number = PhoneNumber.ToE164(raw) ?? throw new ScheduleConfigurationException($"{key}:Numbers:{i}", "not a phone number.");
                if (!numbers.TryAdd(number, id)) throw new ScheduleConfigurationException($"{key}:Numbers:{i}", $"the number is already line '{numbers[number]}'s.");
            }
            foreach (var (site, i) in o.Sites.Select((s, i) => (s, i)))
            {
                if (string.IsNullOrWhiteSpace(site) || !sites.TryAdd(site.Trim(), id) || options!.Keys.Any(k => string.Equals(k, site.Trim(), StringComparison.OrdinalIgnoreCase) && k != id))
                    throw new ScheduleConfigurationException($"{key}:Sites:{i}", "a site key is empty or already used by another line.");
            }
            var entry = string.IsNullOrWhiteSpace(o.Entry) ? null : o.Entry.Trim();
            if (entry is not null && !QueueCatalog.IsKnown(entry))
                throw new ScheduleConfigurationException($"{key}:Entry", $"unknown queue '{entry}'.");
            // No menu: a single-queue line (with an Entry) has just its queue under its own code; any other, every queue.
            var menu = o.Menu.Count > 0
                ? o.Menu.OrderBy(m => m.Key, StringComparer.Ordinal).ToList()
                : (entry is null ? QueueCatalog.Ids : [entry]).Select(q => new KeyValuePair<string, string>(q, q)).ToList();
            foreach (var (extension, queue) in menu)
            {
                if (extension.Length != 3 || !extension.All(char.IsAsciiDigit))
                    throw new ScheduleConfigurationException($"{key}:Menu:{extension}", "an extension is exactly three digits.");
                if (!QueueCatalog.IsKnown(queue))
                    throw new ScheduleConfigurationException($"{key}:Menu:{extension}", $"unknown queue '{queue}'; the queues are {string.Join(", ", QueueCatalog.Ids)}.");
            }
            var schedule = o.Schedule.Count == 0
                ? null
                : new WorkingHoursSchedule(zone, ScheduleFactory.BuildWeekly(o.Schedule, $"{key}:Schedule", WeeklySchedule.Closed), calendar);
            lines.Add(new Line(id, o.Numbers.Select(n => PhoneNumber.ToE164(n)!).ToArray(), o.Sites.Select(s => s.Trim()).ToArray(),
                menu, entry, o.Default, schedule));
        }
        if (lines.Count(l => l.IsDefault) > 1)
            throw new ScheduleConfigurationException(Key, "at most one line is the Default.");
        return new LineDirectory(lines);
    }
}
