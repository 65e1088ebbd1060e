using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Tests.Infrastructure;

/// <summary>A hub with just enough surface to exercise a client end to end.</summary>
public sealed class TestHub : Hub
{
    public string Echo(string text) => text;

    public Task Whisper(string text) => Clients.Caller.SendAsync("whisper", text);

    public async Task Burst(int count)
    {
        for (var i = 0; i < count; i++) await Clients.Caller.SendAsync("burst", i);
    }

    public async IAsyncEnumerable<int> Count(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
            if (i % 50 == 0) await Task.Yield();
        }
    }

    public Task JoinGroup(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task LeaveGroup(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group);

    public Task SendToGroup(string group, string text) => Clients.Group(group).SendAsync("group", group, text);

    /// <summary>The bearer token of the WebSocket request, or null without one.</summary>
    public string? AccessToken()
    {
        var header = Context.GetHttpContext()?.Request.Headers.Authorization.ToString();
        return header is { Length: > 0 } && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    public string ConnectionId() => Context.ConnectionId;
}
