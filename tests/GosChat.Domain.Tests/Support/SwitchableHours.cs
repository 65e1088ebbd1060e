using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Tests.Support;

/// <summary>Working hours a test opens and closes by hand.</summary>
public sealed class SwitchableHours : IWorkingHours
{
    public volatile bool Open;

    public bool IsOpen(string queue, Channel channel, string language, bool critical, Instant at) => Open;
    public Instant? NextOpening(string queue, Channel channel, string language, bool critical, Instant from) => Open ? from : null;
    public Instant? NextChange(string queue, Channel channel, Instant from) => null;
}

/// <summary>A topic router that sends every text to one queue and remembers what it was asked.</summary>
public sealed class FixedTopicRouter(string queue) : ITopicRouter
{
    public List<string> Asked { get; } = [];

    public string QueueFor(string text)
    {
        lock (Asked) Asked.Add(text);
        return queue;
    }
}
