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
    /// <summary>Counter of changes to session records (RedisWaitingCache): every commit that writes a session adds one.</summary>
    public const string WaitingStamp = Routing + "waiting-stamp";
    /// <summary>The latest changes, "stamp:sessionId" in stamp order, capped (RedisWaitingCache).</summary>
    public const string WaitingLog = Routing + "waiting-log";
    public static string Operator(string id) => Routing + "operator:" + id;
    public const string Operators = Routing + "operators";
    public static string Offer(string id) => Routing + "offer:" + id;
    public const string Offers = Routing + "offers";
    public static string Resume(string tokenHash) => Routing + "resume:" + tokenHash;
    public static string HandleTimes(string queue) => Routing + "handle:" + queue;
    /// <summary>A node's heartbeat: exists while the node is alive (expires by itself).</summary>
    public static string Node(string nodeId) => Routing + "node:" + nodeId;
    /// <summary>Telephony call id → session id ("1\nsessionId", so a commit can require it absent).</summary>
    public static string CallId(string callId) => Routing + "call:" + callId;

    // Ticket numbers: one counter, INCR is atomic.
    public const string TicketSequence = Prefix + "tickets:seq";

    // Missed deadlines per queue and local day (yyyy-MM-dd): a set of breach ids, so a repeated record counts once.
    public static string Breaches(string queue, string day) => Prefix + "breaches:" + day + ":" + queue;

    /// <summary>Breach announcements not yet known to be published: a sorted set scored by when each became pending.</summary>
    public const string PendingAnnouncements = Prefix + "announcements:pending";

    /// <summary>One operator sign-in (JSON), and the set of one operator's sign-in ids.</summary>
    public static string SignIn(string id) => Prefix + "signin:" + id;
    /// <summary>The hash of a sign-in's current refresh credential (RedisSignInStore.SwapRefreshAsync).</summary>
    public static string SignInRefresh(string id) => Prefix + "signin-refresh:" + id;
    public static string SignInsOf(string operatorId) => Prefix + "signins:" + operatorId;

    /// <summary>An abuse-limit counter of one fixed window (its index), or a gauge (window null); one key each, any slot.</summary>
    public static string Limit(string key, long? window) =>
        Prefix + "limits:" + key + (window is { } w ? ":" + w.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    // Data Protection key ring shared by all nodes (sign-in tokens, cookies): a list of XML key elements.
    public const string DataProtectionKeys = Prefix + "dataprotection:keys";

    /// <summary>
    /// The channel prefix of the node's Redis connection (<c>ConfigurationOptions.ChannelPrefix</c>): every pub/sub
    /// channel on it, today only SignalR's backplane (<c>{hub type}:all</c>, <c>…:group:{name}</c>, …), starts with it.
    /// </summary>
    public const string ChannelPrefix = Prefix + "signalr:";

    // Per-session data: its own hash slot.
    public static string Messages(string sessionId) => Prefix + "{s:" + sessionId + "}:messages";
    public static string MessageClientIds(string sessionId) => Prefix + "{s:" + sessionId + "}:cmids";
    /// <summary>Hash of one attachment (meta fields and the bytes), beside the session's messages.</summary>
    public static string Attachment(string sessionId, string attachmentId) => Prefix + "{s:" + sessionId + "}:attachment:" + attachmentId;

    /// <summary>Sorted set of one citizen's session ids scored by creation time (unix ms); the key holds a hash, never a phone number.</summary>
    public static string CitizenSessions(string citizenKey) => Prefix + "{citizen:" + citizenKey + "}:sessions";

    /// <summary>Hash of one queue's counters in one 5-minute bucket (unix seconds of its start); tagged per queue.</summary>
    public static string StatsBucket(string queue, long bucketUnixSeconds) => Prefix + "{stats:" + queue + "}:" + bucketUnixSeconds;

    /// <summary>Hash of one local day's contact records (yyyy-MM-dd), field = the record's key (not the session id); tagged per day.</summary>
    public static string ContactRecords(string day) => Prefix + "{figures:" + day + "}:contacts";

    /// <summary>A queue's latest sessions with a rating comment (sorted set of session ids by time).</summary>
    public static string RatingComments(string queue) => Prefix + "{comments:" + queue + "}:sessions";

    /// <summary>What finds a citizen's data (<see cref="RedisPersonalDataStore"/>). All share the hash tag <c>{privacy}</c>.</summary>
    public static class Privacy
    {
        public const string Tag = Prefix + "{privacy}:";

        /// <summary>String: the session id of a ticket.</summary>
        public static string Ticket(string ticket) => Tag + "ticket:" + ticket;

        /// <summary>Sorted set: closed session ids scored by the time they closed (unix ms, application clock).</summary>
        public const string Closed = Tag + "closed";
    }

    /// <summary>Callback bookings (<see cref="RedisCallbackStore"/>). All share the hash tag <c>{callbacks}</c>.</summary>
    public static class Callbacks
    {
        public const string Tag = Prefix + "{callbacks}:";

        /// <summary>String: the booking as a versioned record ("version\njson").</summary>
        public static string Booking(string ticket) => Tag + "booking:" + ticket;

        /// <summary>Set: tickets holding a place in one slot of one queue.</summary>
        public static string Slot(string queue, long slotStartUnixMs) => Tag + "slot:" + queue + ":" + slotStartUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Sorted set: tickets scored by slot start (unix ms), for listing by date.</summary>
        public const string BySlot = Tag + "byslot";
    }

    /// <summary>
    /// Request cards (<see cref="RedisRequestStore"/>): the cards and their indexes share the hash tag <c>{requests}</c>,
    /// so one script writes a card and its index entries together (one slot on Redis Cluster).
    /// </summary>
    public static class Requests
    {
        private const string Tag = Prefix + "{requests}:";

        /// <summary>String: the request as a versioned record ("version\njson"), under the 8-digit sequence of its ticket.</summary>
        public static string Card(string sequence) => Tag + "card:" + sequence;

        /// <summary>Sorted set: the tickets of one status in one queue, scored by due time (unix ms).</summary>
        public static string Due(string status, string queue) => Tag + "due:" + status + ":" + queue;

        /// <summary>Sorted set: tickets of resolved or declined requests, scored by when they go (last change + retention, unix ms).</summary>
        public const string Expiry = Tag + "expiry";

        /// <summary>The layout before the indexes (one tag per card, a set of sequences): read once and moved into the one above.</summary>
        public static string LegacyRecord(string sequence) => Prefix + "{req:" + sequence + "}:request";

        /// <summary>The legacy set of sequences.</summary>
        public const string LegacyIndex = Prefix + "{reqindex}:sequences";

        /// <summary>Hash: one file of a request (<see cref="RedisRequestFileStore"/>), beside its card so it expires with it.</summary>
        public static string File(string sequence, string attachmentId) => Tag + "file:" + sequence + ":" + attachmentId;
    }
}
