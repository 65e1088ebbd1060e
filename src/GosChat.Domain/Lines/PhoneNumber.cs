namespace GosChat.Domain.Lines;

/// <summary>Dialled numbers compared in E.164 form: "+" and the digits, a Russian trunk "8" read as "+7". Pure.</summary>
public static class PhoneNumber
{
    /// <summary>
    /// "+7 (495) 123-45-67", "8 495 123 45 67", "84951234567", "74951234567" → "+74951234567"; a ten-digit national
    /// number gets "+7". Null when the text holds letters other than separators, or too few or too many digits.
    /// </summary>
    public static string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return null;
        var digits = new System.Text.StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c == '+' && digits.Length == 0 && !plus) plus = true;
            else if (c is not (' ' or '-' or '(' or ')' or '.')) return null;
        }
        var d = digits.ToString();
        if (!plus && d.Length == 11 && d[0] == '8') d = "7" + d[1..];
        else if (!plus && d.Length == 10) d = "7" + d;
        return d.Length is >= 11 and <= 15 ? "+" + d : null;
    }
}
