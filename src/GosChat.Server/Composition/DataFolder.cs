namespace GosChat.Server.Composition;

/// <summary>
/// <c>GosChat:DataFolder</c>: where an embedded node keeps what must not live in its memory (attachments). Default:
/// <c>goschat</c> under the user's local application data (<c>~/.local/share/goschat</c> on Linux).
/// </summary>
public static class DataFolder
{
    public const string Key = "GosChat:DataFolder";

    public static string Of(IConfiguration configuration) =>
        configuration[Key] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "goschat");
}
