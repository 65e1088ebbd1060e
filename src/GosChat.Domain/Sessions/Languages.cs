namespace GosChat.Domain.Sessions;

/// <summary>The languages the help line serves.</summary>
public static class Languages
{
    public const string Russian = "ru";
    public const string English = "en";
    public const string Tatar = "tt";
    public const string Bashkir = "ba";

    public static readonly IReadOnlyList<string> All = [Russian, English, Tatar, Bashkir];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);
}
