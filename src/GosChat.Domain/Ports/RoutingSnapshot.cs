using GosChat.Domain.Operators;
using GosChat.Domain.Routing;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Ports;

/// <summary>
/// The whole small routing state at one moment: what the router decides from. Stores hand out the same
/// <see cref="Waiting"/> list instance while no waiting session has changed, so work done for one list can be skipped
/// for the next snapshot (<see cref="Engine.Dispatcher"/>'s places).
/// </summary>
public sealed record RoutingSnapshot(
    IReadOnlyList<Session> Waiting,
    IReadOnlyList<OperatorState> Operators,
    IReadOnlyList<Offer> Offers,
    IReadOnlyDictionary<string, IReadOnlyList<int>> HandleTimes)
{
    public static readonly RoutingSnapshot Empty = new([], [], [], new Dictionary<string, IReadOnlyList<int>>());
}
