using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>Sign-ins in process memory (one node).</summary>
public sealed class InMemorySignInStore : ISignInStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SignIn> _signIns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refresh = new(StringComparer.Ordinal);

    public Task SaveAsync(SignIn signIn)
    {
        lock (_gate)
        {
            foreach (var gone in _signIns.Values.Where(s => s.ExpiresAt + Duration.FromDays(1) < signIn.IssuedAt).Select(s => s.Id).ToList())
            {
                _signIns.Remove(gone);
                _refresh.Remove(gone);
            }
            _signIns[signIn.Id] = signIn;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, SignIn>> GetAsync(IReadOnlyCollection<string> ids)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyDictionary<string, SignIn>>(ids.Distinct()
                .Where(_signIns.ContainsKey).ToDictionary(id => id, id => _signIns[id], StringComparer.Ordinal));
    }

    public Task<bool> RevokeAsync(string id, Instant now)
    {
        lock (_gate)
        {
            if (!_signIns.TryGetValue(id, out var s)) return Task.FromResult(false);
            if (s.RevokedAt is null) _signIns[id] = s with { RevokedAt = now };
            return Task.FromResult(true);
        }
    }

    public Task<bool> SwapRefreshAsync(string id, string? expected, string next, TimeSpan keep)
    {
        lock (_gate)
        {
            if (_refresh.GetValueOrDefault(id) != expected) return Task.FromResult(false);
            _refresh[id] = next;
            return Task.FromResult(true);
        }
    }

    public Task<int> RevokeOperatorAsync(string operatorId, Instant now)
    {
        lock (_gate)
        {
            var valid = _signIns.Values.Where(s => s.OperatorId == operatorId && s.IsValidAt(now)).ToList();
            foreach (var s in valid) _signIns[s.Id] = s with { RevokedAt = now };
            return Task.FromResult(valid.Count);
        }
    }
}
