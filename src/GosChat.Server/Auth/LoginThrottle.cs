using System.Security.Cryptography;
using System.Text;
using GosChat.Domain.Ports;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GosChat.Server.Auth;

/// <summary>
/// Per-account back-off for wrong passwords, on the shared counters (the same on every node): past 5 failures a login
/// is locked for the rest of its quarter hour, past 10 for the rest of the hour, past 20 for the rest of the day. A
/// guesser spread over many addresses is slowed all the same; the per-address limit on the endpoint stays too.
/// </summary>
public sealed class LoginThrottle(ILimitCounters counters, IClock clock, IOptions<AuthOptions> options)
{
    private (int Limit, Duration Window)[] Ladder =>
    [
        (options.Value.FailuresPerQuarterHour, Duration.FromMinutes(15)),
        (options.Value.FailuresPerHour, Duration.FromHours(1)),
        (options.Value.FailuresPerDay, Duration.FromDays(1)),
    ];

    /// <summary>How long the login stays locked, or null when it may try.</summary>
    public async Task<Duration?> LockedForAsync(string login)
    {
        var now = clock.GetCurrentInstant();
        Duration? longest = null;
        foreach (var (limit, window) in Ladder)
        {
            if (await counters.AddAsync(Key(login, window), 0, now, window) < limit) continue;
            var rule = new Domain.Limits.LimitRule(limit, window);
            var left = rule.WindowEnd(now) - now;
            if (longest is null || left > longest) longest = left;
        }
        return longest;
    }

    public async Task FailedAsync(string login)
    {
        var now = clock.GetCurrentInstant();
        foreach (var (_, window) in Ladder) await counters.AddAsync(Key(login, window), 1, now, window);
    }

    /// <summary>A short hash of the login, for keys and logs: the login itself is never stored or logged.</summary>
    public static string Hash(string login) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(login.Trim().ToLowerInvariant())))[..16];

    private static string Key(string login, Duration window) => $"login:acct:{Hash(login)}:{(long)window.TotalSeconds}";
}
