using System.Text.RegularExpressions;

namespace GosChat.Domain.Sessions;

/// <summary>Checks the optional contact details a citizen gives.</summary>
public static partial class ContactDetails
{
    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = Messages.DisplayText.WithoutControls(name).Trim();
        if (name.Length == 0) return null;
        if (name.Length > 100) throw DomainException.BadRequest(ErrorCodes.BadName, "The name is longer than 100 characters.");
        return name;
    }

    /// <summary>A phone as people write it (+7 (495) 123-45-67): 5 to 15 digits, with + ( ) - . and spaces allowed.</summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        phone = phone.Trim();
        var digits = phone.Count(char.IsAsciiDigit);
        if (!PhoneShape().IsMatch(phone) || digits is < 5 or > 15)
            throw DomainException.BadRequest(ErrorCodes.BadPhone, "The phone number is not valid.");
        return phone;
    }

    public static string? Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        email = email.Trim();
        if (email.Length > 254 || !EmailShape().IsMatch(email))
            throw DomainException.BadRequest(ErrorCodes.BadEmail, "The e-mail address is not valid.");
        return email;
    }

    /// <summary>Shows only the last four digits: "+7 (495) 123-45-67" → "*******4567".</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length <= 4 ? new string('*', digits.Length) : new string('*', digits.Length - 4) + digits[^4..];
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-.]+$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex(@"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]
    private static partial Regex EmailShape();
}
