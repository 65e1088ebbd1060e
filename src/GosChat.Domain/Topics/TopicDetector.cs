using GosChat.Domain.Ports;

namespace GosChat.Domain.Topics;

/// <summary>
/// Picks the queue a free-text request belongs to. Every occurrence of a keyword (or of a whole
/// keyword phrase, word after word) in the text scores one point for its queue; the highest score
/// wins, equal scores go to the queue earlier in <see cref="QueueOrder"/>, and text that matches nothing
/// goes to <see cref="DefaultQueue"/>.
/// </summary>
public sealed class TopicDetector : ITopicRouter
{
    /// <inheritdoc cref="Detect"/>
    public string QueueFor(string text) => Detect(text);

    /// <summary>The queue for text that matches no keyword.</summary>
    public const string DefaultQueue = "101";

    /// <summary>Only this many characters of a text are read.</summary>
    public const int MaxTextLength = 10_000;

    // First stem of a phrase → the phrases starting with it.
    private readonly Dictionary<string, List<(string Queue, string[] Stems)>> _phrases = new(StringComparer.Ordinal);

    // The same, for the security-urgent phrases (one pseudo-queue).
    private readonly Dictionary<string, List<(string Queue, string[] Stems)>> _urgent = new(StringComparer.Ordinal);
    private const string UrgentKey = "security-urgent";

    public TopicDetector(TopicOptions? options = null)
    {
        var configured = options?.Keywords ?? new Dictionary<string, List<string>>();
        foreach (var queue in configured.Keys)
        {
            if (!DefaultTopicKeywords.ByQueue.ContainsKey(queue))
            {
                throw new TopicConfigurationException(
                    $"{TopicOptions.Section}:Keywords:{queue}",
                    $"unknown queue; the queues are {string.Join(", ", QueueOrder)}.");
            }
        }

        var keywords = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var queue in QueueOrder)
        {
            var own = FindConfigured(configured, queue);
            IReadOnlyList<string> list = own ?? (IReadOnlyList<string>)DefaultTopicKeywords.ByQueue[queue];
            keywords[queue] = list;
            AddPhrases(_phrases, queue, list, own is not null, $"{TopicOptions.Section}:Keywords:{queue}");
        }

        Keywords = keywords;
        var urgent = options?.SecurityUrgent is { Count: > 0 } configuredUrgent ? configuredUrgent : null;
        AddPhrases(_urgent, UrgentKey, urgent ?? (IReadOnlyList<string>)DefaultTopicKeywords.SecurityUrgent, urgent is not null,
            $"{TopicOptions.Section}:SecurityUrgent");
    }

    /// <summary>True when any security-urgent phrase occurs in the text.</summary>
    public bool IsSecurityUrgent(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var stems = WordStemmer.Stems(text.Length > MaxTextLength ? text[..MaxTextLength] : text);
        for (int i = 0; i < stems.Count; i++)
        {
            if (_urgent.TryGetValue(stems[i], out var candidates) && candidates.Any(c => Matches(stems, i, c.Stems)))
                return true;
        }
        return false;
    }

    /// <summary>The queues in tie-break order.</summary>
    public static IReadOnlyList<string> QueueOrder => DefaultTopicKeywords.QueueOrder;

    /// <summary>The keyword lists in use, by queue (configured lists in place of the defaults).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keywords { get; }

    /// <summary>The queue id (<c>101</c>..<c>104</c>) for the text.</summary>
    public string Detect(string? text)
    {
        var scores = Score(text);
        var best = DefaultQueue;
        var bestScore = 0;
        foreach (var queue in QueueOrder)
        {
            if (scores[queue] > bestScore)
            {
                best = queue;
                bestScore = scores[queue];
            }
        }

        return best;
    }

    /// <summary>The number of keyword hits per queue (every queue present, zero when nothing matched).</summary>
    public IReadOnlyDictionary<string, int> Score(string? text)
    {
        var scores = QueueOrder.ToDictionary(q => q, _ => 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return scores;
        }

        var stems = WordStemmer.Stems(text.Length > MaxTextLength ? text[..MaxTextLength] : text);
        for (int i = 0; i < stems.Count; i++)
        {
            if (!_phrases.TryGetValue(stems[i], out var candidates))
            {
                continue;
            }

            foreach (var (queue, phrase) in candidates)
            {
                if (Matches(stems, i, phrase))
                {
                    scores[queue]++;
                }
            }
        }

        return scores;
    }

    private static bool Matches(IReadOnlyList<string> stems, int at, string[] phrase)
    {
        if (at + phrase.Length > stems.Count)
        {
            return false;
        }

        for (int k = 1; k < phrase.Length; k++)
        {
            if (!string.Equals(stems[at + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string>? FindConfigured(IReadOnlyDictionary<string, List<string>> configured, string queue) =>
        configured.FirstOrDefault(p => string.Equals(p.Key, queue, StringComparison.OrdinalIgnoreCase)).Value;

    private static void AddPhrases(Dictionary<string, List<(string Queue, string[] Stems)>> index, string queue,
        IReadOnlyList<string> keywords, bool own, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < keywords.Count; i++)
        {
            var stems = WordStemmer.Stems(keywords[i]).ToArray();
            if (stems.Length == 0)
            {
                if (own && !string.IsNullOrWhiteSpace(keywords[i]))
                {
                    throw new TopicConfigurationException(
                        $"{key}:{i}", $"'{keywords[i]}' has no letters or digits to match.");
                }

                continue;
            }

            // Two keywords with the same stems (оплата, оплатить) would count every hit twice.
            if (!seen.Add(string.Join(' ', stems)))
            {
                continue;
            }

            if (!index.TryGetValue(stems[0], out var list))
            {
                index[stems[0]] = list = [];
            }

            list.Add((queue, stems));
        }
    }
}
