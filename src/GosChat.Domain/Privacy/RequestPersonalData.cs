using GosChat.Domain.Jobs;
using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Privacy;

/// <summary>
/// The request cards of a ticket or a phone number, for <see cref="PersonalDataService"/>: found by the ticket's
/// sequence (whatever its kind digit: a chat's ticket finds the request opened from it), or by the phone the card holds
/// and the sessions found for it; erased with their follow-up and notice jobs cancelled first, so nothing runs for a
/// card that is gone (a job that still wakes finds no card and does nothing), and with their files.
/// </summary>
public sealed class RequestPersonalData(IRequestStore requests, IJobScheduler jobs, IRequestFileStore? files = null)
{
    private static readonly RequestKind[] Kinds = [RequestKind.Application, RequestKind.Complaint, RequestKind.Question];

    public async Task<IReadOnlyList<ServiceRequest>> FindAsync(PersonalDataQuery query, IEnumerable<Session> sessions)
    {
        var tickets = new HashSet<string>(StringComparer.Ordinal);
        if (query.Ticket is { } ticket && Ticket.IsValid(ticket)) tickets.Add(ticket);
        foreach (var s in sessions) if (Ticket.IsValid(s.Ticket)) tickets.Add(s.Ticket);
        var found = new Dictionary<string, ServiceRequest>(StringComparer.Ordinal);
        foreach (var t in tickets)
            foreach (var kind in Kinds)
                if (await requests.GetAsync(Ticket.WithKind(t, kind)) is { } r) found[r.Ticket] = r;
        if (query.Ticket is null)
        {
            // Written requests have no session: the cards themselves are searched by the phone they hold.
            foreach (var r in await requests.ListAsync())
                if (query.MatchesPhone(r.Phone)) found[r.Ticket] = r;
        }
        return [.. found.Values.OrderBy(r => r.OpenedAt)];
    }

    /// <summary>Cancels the request's jobs, removes its files, then the card; the number of cards removed.</summary>
    public async Task<int> EraseAsync(IEnumerable<ServiceRequest> found)
    {
        var erased = 0;
        foreach (var r in found)
        {
            var ids = new List<string> { RequestJobs.WarningId(r.Ticket), RequestJobs.BreachId(r.Ticket), RequestJobs.ReminderId(r.Ticket) };
            ids.AddRange(r.Notices.Select(n => RequestJobs.NoticeId(r.Ticket, n.Seq)));
            foreach (var id in ids) await jobs.CancelAsync(id);
            if (files is not null)
                foreach (var file in r.Attachments) await files.DeleteAsync(r.Ticket, file.Id);
            if (await requests.DeleteAsync(r.Ticket)) erased++;
        }
        return erased;
    }
}
