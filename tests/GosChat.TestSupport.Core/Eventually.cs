using System.Diagnostics;
using NUnit.Framework;

namespace GosChat.TestSupport;

/// <summary>Polls for a condition with a generous bound instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var sw = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (sw.Elapsed < limit)
        {
            if (condition()) return true;
            await Task.Delay(25);
        }
        return condition();
    }

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var sw = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (sw.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(25);
        }
        return await condition();
    }

    /// <summary>Waits until <paramref name="condition"/> holds or fails the test with <paramref name="what"/>.</summary>
    public static async Task AssertAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!await TrueAsync(condition, timeout)) Assert.Fail($"Timed out waiting for: {what}");
    }

    public static async Task AssertAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        if (!await TrueAsync(condition, timeout)) Assert.Fail($"Timed out waiting for: {what}");
    }
}
