using GosChat.Domain.Calls;
using GosChat.Domain.Citizens;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;
using NodaTime;

namespace GosChat.Domain.Privacy;

/// <summary>
/// Finds, exports and erases everything held about a ticket or a phone number (sessions, their messages, contact
/// details and files, callback bookings, citizen-history entries, request cards with their notes, answers, replies and
/// status history), and lets closed sessions go after their retention. A session still open is not erased: it is closed
/// first. A request is erased whatever its status, with its jobs cancelled (<see cref="RequestPersonalData"/>).
/// </summary>
public sealed class PersonalDataService(
    IRoutingStore routing, IMessageStore messages, ICitizenHistory history, ICallbackStore callbacks, IPersonalDataStore store, IClock clock,
    CitizenKeys keys, RequestPersonalData? requests = null)
{
    /// <summary>
    /// The history keys a phone number's sessions are filed under: as a telephony caller (their verified history) and
    /// as a typed number (an index kept for export and erasure only, see <see cref="PersonalDataIndexer"/>).
    /// </summary>
    private IEnumerable<string> KeysOfPhone(string? phone) =>
        new[] { CitizenIdentity.Caller(phone), CitizenIdentity.TypedPhone(phone) }.OfType<CitizenIdentity>().Select(keys.KeyOf);

    /// <summary>How far back and ahead callback bookings are searched for a phone number.</summary>
    public static readonly Duration CallbackSearchSpan = Duration.FromDays(400);

    public async Task<PersonalDataExport> ExportAsync(PersonalDataQuery query)
    {
        var (sessions, bookings) = await FindAsync(query);
        var data = new List<SessionData>(sessions.Count);
        foreach (var s in sessions) data.Add(SessionData.Of(s, await messages.GetAsync(s.Id)));
        var cards = requests is null ? [] : await requests.FindAsync(query, sessions);
        return new PersonalDataExport(clock.GetCurrentInstant(), data, bookings.Select(CallbackData.Of).ToList())
        {
            Requests = cards.Select(RequestData.Of).ToList(),
        };
    }

    public async Task<ErasureResult> EraseAsync(PersonalDataQuery query)
    {
        var (sessions, bookings) = await FindAsync(query);
        if (sessions.FirstOrDefault(s => s.State != SessionState.Closed) is { } open)
            throw DomainException.Conflict(ErrorCodes.NotClosed, $"Session {open.Ticket} is still open; close it before erasing its data.");
        var result = ErasureResult.None;
        if (requests is not null)
            result = result with { Requests = await requests.EraseAsync(await requests.FindAsync(query, sessions)) };
        foreach (var s in sessions) result = result.Plus(await EraseSessionAsync(s.Id, s));
        foreach (var b in bookings)
        {
            await store.EraseCallbackAsync(b);
            result = result.Plus(new ErasureResult(0, 0, 0, 1, 0));
        }
        foreach (var key in KeysOfPhone(query.Phone))
        {
            // History entries whose sessions are already gone name nobody, but they are the citizen's too.
            var left = await history.ListAsync(key, CitizenKeys.MaxKept);
            if (left.Count > 0)
            {
                await store.ForgetCitizenSessionsAsync(key, left.ToList());
                result = result.Plus(new ErasureResult(0, 0, 0, 0, left.Count));
            }
        }
        return result;
    }

    /// <summary>Erases sessions closed at or before <paramref name="cutoff"/> (at most <paramref name="limit"/>); the number erased.</summary>
    public async Task<int> PurgeClosedSessionsAsync(Instant cutoff, int limit)
    {
        var ids = await store.ClosedBeforeAsync(cutoff, limit);
        foreach (var id in ids) await EraseSessionAsync(id, await routing.GetSessionAsync(id));
        return ids.Count;
    }

    /// <summary>Erases data no session refers to any more, written at or before <paramref name="cutoff"/>; the sessions' data erased.</summary>
    public Task<int> PurgeOrphansAsync(Instant cutoff) => store.PurgeOrphansAsync(cutoff);

    /// <summary>Erases bookings whose slot ended at or before <paramref name="cutoff"/> and that are not waiting for it any more.</summary>
    public async Task<int> PurgeCallbacksAsync(Instant cutoff)
    {
        var old = (await callbacks.ListAsync(cutoff - CallbackSearchSpan, cutoff)).Where(b => b.SlotEnd <= cutoff).ToList();
        foreach (var b in old) await store.EraseCallbackAsync(b);
        return old.Count;
    }

    private async Task<ErasureResult> EraseSessionAsync(string sessionId, Session? session)
    {
        var held = await messages.GetAsync(sessionId);
        var attachments = held.Select(m => m.Attachment?.AttachmentId).OfType<string>().Distinct().ToList();
        await store.EraseSessionAsync(sessionId, session?.Ticket, attachments);
        var forgotten = 0;
        var filedUnder = KeysOfPhone(session?.Phone).ToList();
        if (session?.HistoryKey is { } historyKey) filedUnder.Add(historyKey);
        foreach (var key in filedUnder.Distinct(StringComparer.Ordinal))
            await store.ForgetCitizenSessionsAsync(key, [sessionId]);
        if (filedUnder.Count > 0) forgotten = 1;
        return new ErasureResult(session is null ? 0 : 1, held.Count, attachments.Count, 0, forgotten);
    }

    private async Task<(List<Session> Sessions, List<CallbackBooking> Bookings)> FindAsync(PersonalDataQuery query)
    {
        var bookings = new List<CallbackBooking>();
        var sessionIds = new List<string>();
        if (query.Ticket is { } ticket)
        {
            if (await store.FindSessionByTicketAsync(ticket) is { } id) sessionIds.Add(id);
            if (await callbacks.GetAsync(ticket) is { } booking) bookings.Add(booking);
        }
        else
        {
            foreach (var key in KeysOfPhone(query.Phone)) sessionIds.AddRange(await history.ListAsync(key, CitizenKeys.MaxKept));
            var now = clock.GetCurrentInstant();
            bookings.AddRange((await callbacks.ListAsync(now - CallbackSearchSpan, now + CallbackSearchSpan)).Where(b => query.MatchesPhone(b.Phone)));
        }
        sessionIds.AddRange(bookings.Select(b => b.SessionId).OfType<string>());
        var sessions = (await routing.GetSessionsAsync(sessionIds.Distinct(StringComparer.Ordinal)))
            .Where(s => query.Ticket is null ? query.MatchesPhone(s.Phone) : s.Ticket == query.Ticket)
            .OrderBy(s => s.CreatedAt).ToList();
        return (sessions, bookings);
    }
}

/// <summary>
/// Indexes each session at start and at close, so it can be found by ticket and let go after its retention; a
/// session with a typed phone number is also filed under that number's key, so that everything held about a number
/// can be exported and erased (that key never links history: no session carries it as its history key).
/// </summary>
public sealed class PersonalDataIndexer(IPersonalDataStore store, ICitizenHistory history, CitizenKeys keys) : ISessionObserver
{
    public async Task StartedAsync(Session session)
    {
        await store.IndexAsync(session);
        if (CitizenIdentity.TypedPhone(session.Phone) is { } typed) await history.RecordAsync(keys.KeyOf(typed), session.Id, session.CreatedAt);
    }

    public Task ClosedAsync(Session session) => store.IndexAsync(session);
}
