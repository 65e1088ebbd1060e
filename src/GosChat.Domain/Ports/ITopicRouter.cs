namespace GosChat.Domain.Ports;

/// <summary>Chooses a queue from what a citizen wrote, when they did not pick one.</summary>
public interface ITopicRouter
{
    string QueueFor(string text);
}
