using GosChat.Domain.Operators;
using NodaTime;

namespace GosChat.Domain.Ports;

/// <summary>Operators' sign-ins, shared by every node (Redis when configured).</summary>
public interface ISignInStore
{
    Task SaveAsync(SignIn signIn);

    /// <summary>The sign-ins with these ids that are stored (revoked ones too; forgotten ones are absent).</summary>
    Task<IReadOnlyDictionary<string, SignIn>> GetAsync(IReadOnlyCollection<string> ids);

    /// <summary>Marks one sign-in revoked at <paramref name="now"/>; false when it is not stored.</summary>
    Task<bool> RevokeAsync(string id, Instant now);

    /// <summary>Revokes every sign-in of the operator; returns how many were still valid.</summary>
    Task<int> RevokeOperatorAsync(string operatorId, Instant now);

    /// <summary>
    /// Rotates the refresh credential of sign-in <paramref name="id"/> in one atomic step: when the stored hash is
    /// <paramref name="expected"/> (null: none stored yet) it becomes <paramref name="next"/> and true is returned;
    /// otherwise nothing changes (a used, stale or unknown credential). Kept <paramref name="keep"/> of real time.
    /// </summary>
    Task<bool> SwapRefreshAsync(string id, string? expected, string next, TimeSpan keep);
}
