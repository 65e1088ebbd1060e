using GosChat.Domain.Ports;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Citizens;

/// <summary>Records each new session that has a phone number in the citizen's history.</summary>
public sealed class CitizenHistoryRecorder(ICitizenHistory history) : ISessionObserver
{
    public Task StartedAsync(Session session) =>
        CitizenKey.FromPhone(session.Phone) is { } key
            ? history.RecordAsync(key, session.Id, session.CreatedAt)
            : Task.CompletedTask;
}
