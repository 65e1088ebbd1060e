using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>The whole small routing state at one moment: what the router decides from.</summary>
public sealed record RoutingSnapshot(
    IReadOnlyList<Session> Waiting,
    IReadOnlyList<OperatorState> Operators,
    IReadOnlyList<Offer> Offers,
    IReadOnlyDictionary<string, IReadOnlyList<int>> HandleTimes)
{
    public static readonly RoutingSnapshot Empty = new([], [], [], new Dictionary<string, IReadOnlyList<int>>());
}
