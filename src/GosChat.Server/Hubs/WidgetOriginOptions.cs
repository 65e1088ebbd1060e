namespace GosChat.Server.Hubs;

/// <summary><c>GosChat:AllowedOrigins</c>: the sites whose pages may open the widget's connection (CORS and the hub's origin check).</summary>
public sealed class WidgetOriginOptions
{
    public const string Section = "GosChat";

    public List<string> AllowedOrigins { get; set; } = [];
}
