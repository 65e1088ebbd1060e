namespace GosChat.Domain.Operators;

public static class Roles
{
    public const string Operator = "operator";
    public const string Supervisor = "supervisor";
}

/// <summary>An operator's account as configured: who they are and what they are skilled for.</summary>
public sealed record OperatorAccount
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Queues { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = ["ru"];
    public int MaxChats { get; init; } = 3;
    public IReadOnlyList<string> Roles { get; init; } = [Operators.Roles.Operator];
    /// <summary>The senior tier: offered escalated sessions and transfers to "senior".</summary>
    public bool Senior { get; init; }
}
