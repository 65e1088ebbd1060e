using Microsoft.AspNetCore.SignalR;

namespace GosChat.Server.Tests.Backplane;

/// <summary>Every HubLifetimeManager entry point, reachable from a client. Every push is the event "msg".</summary>
public sealed class BackplaneHub : Hub
{
    public const string Event = "msg";

    /// <summary>The client method whose result <see cref="AskClient"/> asks for.</summary>
    public const string ClientResult = "answer";

    public string WhoAmI() => Context.ConnectionId;

    public string Echo(string text) => text;

    public Task ToAll(string text) => Clients.All.SendAsync(Event, text);

    public Task ToOthers(string text) => Clients.Others.SendAsync(Event, text);

    public Task ToAllExcept(string[] excluded, string text) => Clients.AllExcept(excluded).SendAsync(Event, text);

    public Task ToConnection(string connectionId, string text) => Clients.Client(connectionId).SendAsync(Event, text);

    public Task ToConnections(string[] connectionIds, string text) => Clients.Clients(connectionIds).SendAsync(Event, text);

    public Task ToGroup(string group, string text) => Clients.Group(group).SendAsync(Event, text);

    public Task ToGroups(string[] groups, string text) => Clients.Groups(groups).SendAsync(Event, text);

    public Task ToGroupExcept(string group, string[] excluded, string text) => Clients.GroupExcept(group, excluded).SendAsync(Event, text);

    public Task ToOthersInGroup(string group, string text) => Clients.OthersInGroup(group).SendAsync(Event, text);

    public Task ToUser(string user, string text) => Clients.User(user).SendAsync(Event, text);

    public Task ToUsers(string[] users, string text) => Clients.Users(users).SendAsync(Event, text);

    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task AddToGroup(string connectionId, string group) => Groups.AddToGroupAsync(connectionId, group);

    public Task RemoveFromGroup(string connectionId, string group) => Groups.RemoveFromGroupAsync(connectionId, group);

    public Task<string> AskClient(string connectionId) => Clients.Client(connectionId).InvokeAsync<string>(ClientResult, CancellationToken.None);

    public async Task BurstToGroup(string group, int count)
    {
        for (var i = 0; i < count; i++) await Clients.Group(group).SendAsync(Event, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
