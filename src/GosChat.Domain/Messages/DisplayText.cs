using System.Globalization;

namespace GosChat.Domain.Messages;

/// <summary>Text that is shown to others as a label (a name, a file name).</summary>
public static class DisplayText
{
    /// <summary>
    /// Removes control characters and invisible format characters (Unicode category Cf): bidi overrides such as
    /// U+202E, which make "cod.exe" read as "exe.doc", isolates, zero-width joiners and marks.
    /// </summary>
    public static string WithoutControls(string text)
    {
        var keep = text.Length;
        foreach (var c in text)
            if (IsHidden(c)) keep--;
        if (keep == text.Length) return text;
        return string.Create(keep, text, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
                if (!IsHidden(c)) span[i++] = c;
        });
    }

    private static bool IsHidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
