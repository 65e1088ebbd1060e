using System.Reflection;
using Microsoft.Extensions.Logging;

namespace GosChat.Server.Tests.Configuration;

/// <summary>Every structured log event of the server has an event id of its own, so operations can alert on one.</summary>
public sealed class EventIdTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(GosChat.Server.Composition.GosChatSetup).Assembly,
        typeof(GosChat.Storage.Redis.RedisKeys).Assembly,
        typeof(GosChat.Storage.InMemory.InMemoryRoutingStore).Assembly,
        typeof(GosChat.Domain.DomainException).Assembly,
    ];

    [Test]
    public void LoggerMessageEventIds_AreUnique()
    {
        var events = Assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.That(events, Is.Not.Empty);
        var repeated = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.That(repeated, Is.Empty, "event ids used more than once");
    }
}
