using GosChat.Domain;
using GosChat.Domain.Limits;
using GosChat.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Limits;

/// <summary>
/// The citizen hub's limits. Each call is first counted against its connection (in the node's memory: no I/O, so a
/// flooding connection is turned away for almost nothing), then against the client's address on the shared
/// counters (the same on every node). Open connections per address: <see cref="CitizenConnectionLimit"/>.
/// A connection refused <see cref="LimitOptions.RefusalsBeforeDisconnect"/> times in a row is cut off at the transport:
/// its TCP connection (or HTTP/2 stream) is reset, so nothing more it sent is read, parsed or dispatched, and the
/// invocations it had already got through to the hub are dropped unanswered. A flood costs the node the frames up to
/// the cut, not all it wrote, and its address is refused new connections for a while (<see cref="CutOffAddresses"/>;
/// docs/security.md; Security/FloodLatencyTests, Security/CutOffPenaltyTests).
/// </summary>
public sealed partial class CitizenHubLimitFilter(AbuseLimits limits, IOptions<LimitOptions> options, IClock clock, CutOffAddresses cutOff,
    ILogger<CitizenHubLimitFilter> logger) : IHubFilter
{
    private const string StateKey = "goschat.limits";

    /// <summary>Messages taken from the shared per-address and per-session counts at a time.</summary>
    public const int LeaseChunk = 5;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.Hub is not ChatHub || !context.Context.Items.TryGetValue(StateKey, out var item) || item is not ConnectionLimits state)
            return await next(context);
        if (state.CutOff) return null; // frames that were already read when it was cut: nobody is listening for answers
        if (context.HubMethodName == nameof(ChatHub.Typing))
            return state.Typing.TryTake(clock.GetCurrentInstant()) ? await next(context) : null;
        try
        {
            await CheckAsync(context, state);
        }
        catch (DomainException) when (Interlocked.Increment(ref state.Refusals) >= options.Value.RefusalsBeforeDisconnect)
        {
            state.CutOff = true;
            // Its address may not come straight back (CutOffAddresses). The node's own memory is marked before BarAsync
            // returns its task, so the bar holds here before the client can see its connection end and reconnect; the
            // shared counters follow.
            var barred = cutOff.BarAsync(state.Address);
            // Reset the transport itself (not a graceful WebSocket close, during which the socket would still be read
            // and every frame the client keeps writing unmasked and discarded), then end the hub connection.
            context.Context.GetHttpContext()?.Abort();
            context.Context.Abort();
            await barred;
            CutOffForFlooding(logger, options.Value.CutOffPenalty.TotalSeconds);
            throw;
        }
        var result = await next(context);
        Interlocked.Exchange(ref state.Refusals, 0);
        return result;
    }

    private async Task CheckAsync(HubInvocationContext context, ConnectionLimits state)
    {
        var o = options.Value;
        var now = clock.GetCurrentInstant();
        switch (context.HubMethodName)
        {
            case nameof(ChatHub.StartSession):
                Local(state.Starts, o.StartSessionPerConnection, now, "new sessions on this connection");
                await limits.TakeAsync("start:addr:" + state.Address, o.StartSessionPerAddress.Rule, "new sessions from this address");
                break;
            case nameof(ChatHub.SendMessage):
                Local(state.Sends, o.SendMessagePerConnection, now, "messages");
                // Shared counts in leases: one round trip per few messages, not one per message (SharedLease).
                await state.AddressSends.TakeAsync(limits, "send:addr:" + state.Address, o.SendMessagePerAddress.Rule, now,
                    LeaseChunk, "messages from this address");
                if (context.Context.Items.TryGetValue(ChatHub.SessionKey, out var session) && session is string sessionId)
                    await state.SessionSends.TakeAsync(limits, "send:session:" + sessionId,
                        new LimitRule(o.MessagesPerSession, Duration.FromDays(30)), now, LeaseChunk, "messages in this conversation");
                break;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Hub is ChatHub)
        {
            var address = context.Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            context.Context.Items[StateKey] = new ConnectionLimits(address, options.Value);
        }
        await next(context);
    }

    private static void Local(LocalWindow window, RuleOptions rule, Instant now, string what)
    {
        if (!window.TryTake(now)) throw AbuseLimits.Refused(what, rule.Rule.WindowEnd(now) - now);
    }

    /// <summary>One connection's own counters.</summary>
    private sealed class ConnectionLimits(string address, LimitOptions o)
    {
        public string Address { get; } = address;
        public LocalWindow Starts { get; } = new(o.StartSessionPerConnection.Rule);
        public LocalWindow Sends { get; } = new(o.SendMessagePerConnection.Rule);
        public LocalWindow Typing { get; } = new(o.TypingPerConnection.Rule);
        public SharedLease AddressSends { get; } = new();
        public SharedLease SessionSends { get; } = new();
        public int Refusals;
        public volatile bool CutOff;
    }

    [LoggerMessage(EventId = 702, Level = LogLevel.Information,
        Message = "A citizen connection was cut off for flooding; its address is refused new connections for {PenaltySeconds} s")]
    private static partial void CutOffForFlooding(ILogger logger, double penaltySeconds);
}
