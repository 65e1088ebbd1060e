using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Tests.Backplane;

/// <summary>Test-only identity: the user id is the <c>user</c> query parameter of the hub URL.</summary>
public sealed class QueryStringUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection)
    {
        var value = connection.GetHttpContext()?.Request.Query["user"].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
