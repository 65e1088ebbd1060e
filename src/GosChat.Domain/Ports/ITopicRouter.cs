namespace GosChat.Domain.Ports;

/// <summary>Chooses a queue from what a citizen wrote, when they did not pick one.</summary>
public interface ITopicRouter
{
    string QueueFor(string text);

    /// <summary>True when the text says the account's security is at stake (taken over, a code not asked for, fraud).</summary>
    bool IsSecurityUrgent(string text) => false;
}
