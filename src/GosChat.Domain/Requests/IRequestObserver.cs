namespace GosChat.Domain.Requests;

/// <summary>
/// Told after a request change is stored: pushes to the citizen's connection, follow-up jobs, notifications.
/// </summary>
public interface IRequestObserver
{
    /// <summary>A request was opened from <paramref name="sessionId"/>; <paramref name="accessCode"/> is the only copy of its code.</summary>
    Task OpenedAsync(ServiceRequest request, string sessionId, string accessCode) => Task.CompletedTask;

    /// <summary>Its status changed (the last <see cref="ServiceRequest.History"/> entry says to what, by whom, when).</summary>
    Task StatusChangedAsync(ServiceRequest request) => Task.CompletedTask;

    /// <summary>An answer the citizen sees was added (the last of <see cref="ServiceRequest.Answers"/>).</summary>
    Task AnsweredAsync(ServiceRequest request) => Task.CompletedTask;

    /// <summary>The citizen replied (the last of <see cref="ServiceRequest.Replies"/>) and the request is in progress again.</summary>
    Task CitizenRepliedAsync(ServiceRequest request) => Task.CompletedTask;
}
