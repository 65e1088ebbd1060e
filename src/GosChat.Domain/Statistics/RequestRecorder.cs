using GosChat.Domain.Ports;
using GosChat.Domain.Requests;
using NodaTime;

namespace GosChat.Domain.Statistics;

/// <summary>
/// Keeps a request's <see cref="ContactRecord.FromRequest"/> record under the local day it was opened on, once it is
/// resolved or declined, for the requests' deadline figure (<c>sla.request</c>). Requests still open are not counted.
/// A failure never fails the command (see <see cref="Failed"/>).
/// </summary>
public sealed class RequestRecorder(IContactRecordStore store, DateTimeZone zone) : IRequestObserver
{
    public event Action<Exception>? Failed;

    public async Task StatusChangedAsync(ServiceRequest request)
    {
        if (!request.IsFinal) return;
        try
        {
            await store.PutAsync(ContactRecorder.DayOf(request.OpenedAt, zone), ContactRecord.FromRequest(request));
        }
        catch (Exception ex)
        {
            Failed?.Invoke(ex);
        }
    }
}
