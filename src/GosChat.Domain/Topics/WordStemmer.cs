using System.Text;

namespace GosChat.Domain.Topics;

/// <summary>
/// A light stemmer for matching keywords: lower case, <c>ё</c> read as <c>е</c>, and one common ending
/// cut from each word (Russian case and verb endings, English plural, <c>-ed</c> and <c>-ing</c>). It
/// is not a linguistic stemmer; it only has to bring the usual forms of the keywords together
/// (<c>паролем</c>, <c>пароля</c> → <c>парол</c>; <c>оплатить</c>, <c>оплату</c> → <c>оплат</c>).
/// </summary>
public static class WordStemmer
{
    private const int MinimumStem = 3;

    // Longest first, so "ами" is cut before "и". Third-person verb endings (-ет, -ит, -ут…) are left
    // out on purpose: too many nouns end that way (кабинет, интернет, маршрут).
    private static readonly string[] RussianEndings = new[]
    {
        "иями", "ями", "ами", "иях", "ием", "ией", "ого", "его", "ому", "ему", "ыми", "ими",
        "ить", "ать", "ять", "еть", "уть", "или", "али", "яли", "ила", "ала", "яла",
        "ия", "ие", "ии", "ию", "ий", "ья", "ье", "ьи", "ью", "ей", "ой", "ый", "ая", "яя", "ое", "ее",
        "ые", "ых", "их", "ым", "им", "ую", "юю", "ом", "ем", "ам", "ям", "ов", "ев", "ах", "ях",
        "ти", "ил", "ал", "ял",
        "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
    }.OrderByDescending(e => e.Length).ToArray();

    /// <summary>Splits text into lower-case words (letters and digits), with <c>ё</c> folded to <c>е</c>.</summary>
    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var word = new StringBuilder();
        foreach (var raw in text)
        {
            if (char.IsLetterOrDigit(raw))
            {
                var c = char.ToLowerInvariant(raw);
                word.Append(c == 'ё' ? 'е' : c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>The stems of the words of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Stems(string? text) => Words(text).Select(Stem).ToArray();

    /// <summary>The stem of one lower-case word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Any(IsCyrillic))
        {
            return StemRussian(word);
        }

        return word.All(c => c is >= 'a' and <= 'z') ? StemEnglish(word) : word;
    }

    private static string StemRussian(string word)
    {
        if (word.Length - 2 >= MinimumStem + 1 && (word.EndsWith("ся", StringComparison.Ordinal) || word.EndsWith("сь", StringComparison.Ordinal)))
        {
            word = word[..^2];
        }

        foreach (var ending in RussianEndings)
        {
            if (word.Length - ending.Length >= MinimumStem && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    private static string StemEnglish(string word)
    {
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length - 3 >= MinimumStem)
        {
            return word[..^3] + "y";
        }

        foreach (var sibilant in (ReadOnlySpan<string>)["xes", "sses", "ches", "shes"])
        {
            if (word.Length - 2 >= MinimumStem && word.EndsWith(sibilant, StringComparison.Ordinal))
            {
                return word[..^2];
            }
        }

        foreach (var ending in (ReadOnlySpan<string>)["ing", "ed"])
        {
            if (word.Length - ending.Length >= MinimumStem && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        if (word.Length - 1 >= MinimumStem && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';
}
