namespace GosChat.Storage.Redis;

/// <summary>
/// The one home of Redis key names. Everything is under "goschat:v1:". Keys ready for Redis Cluster:
/// the small routing state that scripts change together shares the hash tag {routing}; each session's bulky
/// data (messages) has its own tag {s:ID} and spreads over shards.
/// </summary>
public static class RedisKeys
{
    public const string Prefix = "goschat:v1:";

    // Routing state: one hash slot.
    public const string Routing = Prefix + "{routing}:";
    public static string Session(string id) => Routing + "session:" + id;
    public const string Waiting = Routing + "waiting";
    public static string Operator(string id) => Routing + "operator:" + id;
    public const string Operators = Routing + "operators";
    public static string Offer(string id) => Routing + "offer:" + id;
    public const string Offers = Routing + "offers";
    public static string Resume(string tokenHash) => Routing + "resume:" + tokenHash;
    public static string HandleTimes(string queue) => Routing + "handle:" + queue;

    // Ticket numbers: one counter, INCR is atomic.
    public const string TicketSequence = Prefix + "tickets:seq";

    // Data Protection key ring shared by all nodes (sign-in tokens, cookies).
    public const string DataProtectionKeys = Prefix + "dataprotection:keys";

    // Per-session data: its own hash slot.
    public static string Messages(string sessionId) => Prefix + "{s:" + sessionId + "}:messages";
    public static string MessageClientIds(string sessionId) => Prefix + "{s:" + sessionId + "}:cmids";
}
