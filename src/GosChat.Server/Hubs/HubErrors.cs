using GosChat.Domain;
using GosChat.Server.Composition;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Hubs;

/// <summary>
/// Turns a domain refusal into a hub error the client sees as "code: message", e.g.
/// "offer_gone: The offer has expired or was taken by someone else." (the 409-style error of CONTRACT.md).
/// Anything unexpected becomes "internal_error: …" with no internals, so the hubs can run with detailed
/// errors on: that is what makes SignalR say why a malformed payload could not be bound.
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
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            HubLog.StoreUnavailable(logger, context.HubMethodName);
            throw new HubException($"{StoreOutage.Code}: {StoreOutage.Message}");
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            HubLog.Failed(logger, context.HubMethodName, ex);
            throw new HubException($"{ErrorCodes.InternalError}: The server could not complete the request; please retry.");
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not HubException)
        {
            HubLog.ConnectFailed(logger, ex);
            throw new HubException($"{ErrorCodes.InternalError}: The connection could not be set up; please retry.");
        }
    }
}

internal static partial class HubLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Hub call {Method} refused: {Code}")]
    public static partial void Refused(ILogger logger, string method, string code);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Hub call {Method} failed")]
    public static partial void Failed(ILogger logger, string method, Exception ex);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Hub call {Method} failed: the store is unreachable")]
    public static partial void StoreUnavailable(ILogger logger, string method);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Hub connection set-up failed")]
    public static partial void ConnectFailed(ILogger logger, Exception ex);
}
