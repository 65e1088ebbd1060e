using GosChat.Domain;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Hubs;

/// <summary>
/// Turns a domain refusal into a hub error the client sees as "code: message", e.g.
/// "offer_gone: The offer has expired or was taken by someone else." (the 409-style error of CONTRACT.md).
/// </summary>
public sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainException ex)
        {
            HubLog.Refused(logger, context.HubMethodName, ex.Code);
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
    }
}

internal static partial class HubLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Hub call {Method} refused: {Code}")]
    public static partial void Refused(ILogger logger, string method, string code);
}
