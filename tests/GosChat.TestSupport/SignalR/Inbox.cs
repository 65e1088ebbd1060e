using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using NUnit.Framework;

namespace GosChat.TestSupport.SignalR;

/// <summary>Collects one event type from a hub connection so a test can wait for the one it expects.</summary>
public sealed class Inbox<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly string _name;

    public Inbox(HubConnection connection, string eventName)
    {
        _name = eventName;
        connection.On<T>(eventName, item => _items.Enqueue(item));
    }

    public IReadOnlyList<T> All => _items.ToArray();

    /// <summary>Waits for an event that matches, failing the test after the bound.</summary>
    public async Task<T> WaitAsync(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        T? found = default;
        var ok = await Eventually.TrueAsync(() =>
        {
            foreach (var item in _items)
                if (match is null || match(item)) { found = item; return true; }
            return false;
        }, timeout);
        if (!ok) Assert.Fail($"No matching '{_name}' event arrived (received {_items.Count}).");
        return found!;
    }

    public bool Any(Func<T, bool> match) => _items.Any(match);
}

public static class InboxExtensions
{
    public static Inbox<T> Inbox<T>(this HubConnection connection, string eventName) => new(connection, eventName);
}
