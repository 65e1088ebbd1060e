using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Citizens;

/// <summary>Records each new session of a verified citizen (one with a <see cref="Session.HistoryKey"/>) in their history.</summary>
public sealed class CitizenHistoryRecorder(ICitizenHistory history) : ISessionObserver
{
    public Task StartedAsync(Session session) =>
        session.HistoryKey is { } key
            ? history.RecordAsync(key, session.Id, session.CreatedAt)
            : Task.CompletedTask;
}
