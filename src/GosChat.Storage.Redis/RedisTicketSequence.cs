using GosChat.Domain.Ports;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>Ticket sequence shared by every node: one INCR, atomic by itself.</summary>
public sealed class RedisTicketSequence(IConnectionMultiplexer redis) : ITicketSequence
{
    public async Task<long> NextAsync() => await redis.GetDatabase().StringIncrementAsync(RedisKeys.TicketSequence);
}
