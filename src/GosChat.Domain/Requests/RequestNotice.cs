using GosChat.Domain.Privacy;
using NodaTime;

namespace GosChat.Domain.Requests;

/// <summary>
/// A notice to the citizen waiting on the card until it is delivered: what it is (<see cref="Purpose"/>, and the
/// <see cref="Status"/> it reports), the channels it already went by, and — for the opening notice only — the access
/// code, the one copy kept (encrypted at rest) until the notice is delivered, then cleared. The text is built from the
/// card when it is sent; the job that sends it carries only the ticket and <see cref="Seq"/>.
/// </summary>
public sealed record RequestNotice(int Seq, string Purpose, Instant At)
{
    /// <summary>The status a status notice reports (the status it moved to, not the one it has when the notice goes out).</summary>
    public RequestStatus? Status { get; init; }

    /// <summary>The access code of the opening notice until it is delivered; null afterwards and for other notices.</summary>
    [PersonalData] public string? Code { get; init; }

    /// <summary>The channels (<c>sms</c>, <c>email</c>, …) it was delivered by: a retry sends by the others only.</summary>
    public IReadOnlyList<string> Delivered { get; init; } = [];

    /// <summary>Delivered by every channel: nothing is sent again.</summary>
    public bool Done { get; init; }
}

/// <summary>The card's notice list: append, mark a channel delivered, mark done.</summary>
public static class RequestNoticeChanges
{
    /// <summary>How many settled notices a card keeps (pending ones are always kept).</summary>
    public const int KeepDone = 20;

    /// <summary>The card with a new pending notice, and its sequence number; the card unchanged and null without any contact.</summary>
    public static (ServiceRequest Request, int? Seq) WithNotice(this ServiceRequest request, string purpose, Instant at,
        RequestStatus? status = null, string? code = null)
    {
        if (string.IsNullOrWhiteSpace(request.Phone) && string.IsNullOrWhiteSpace(request.Email)) return (request, null);
        var seq = request.Notices.Count == 0 ? 1 : request.Notices.Max(n => n.Seq) + 1;
        var kept = request.Notices.Where(n => !n.Done).Concat(request.Notices.Where(n => n.Done).TakeLast(KeepDone)).OrderBy(n => n.Seq);
        return (request with { Notices = [.. kept, new RequestNotice(seq, purpose, at) { Status = status, Code = code }] }, seq);
    }

    public static ServiceRequest WithNoticeDelivered(this ServiceRequest request, int seq, string channel) =>
        Change(request, seq, n => n.Delivered.Contains(channel) ? n : n with { Delivered = [.. n.Delivered, channel] });

    /// <summary>Delivered everywhere: the code is dropped.</summary>
    public static ServiceRequest WithNoticeDone(this ServiceRequest request, int seq) =>
        Change(request, seq, n => n.Done ? n : n with { Done = true, Code = null });

    private static ServiceRequest Change(ServiceRequest request, int seq, Func<RequestNotice, RequestNotice> change)
    {
        var index = request.Notices.ToList().FindIndex(n => n.Seq == seq);
        if (index < 0) return request;
        var changed = change(request.Notices[index]);
        if (ReferenceEquals(changed, request.Notices[index])) return request;
        var notices = request.Notices.ToArray();
        notices[index] = changed;
        return request with { Notices = notices };
    }
}
