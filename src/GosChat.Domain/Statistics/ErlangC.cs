namespace GosChat.Domain.Statistics;

/// <summary>
/// The Erlang C model of a queue (M/M/N): arrivals at random, handle times exponential, N servers, nobody gives up.
/// Traffic in erlangs is arrivals per second × mean handle seconds. The probability of waiting is computed through
/// the Erlang B recursion, B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), then C = N·B / (N − A·(1 − B)), which stays
/// finite for hundreds of servers where A^N / N! would overflow.
/// </summary>
public static class ErlangC
{
    /// <summary>The probability that an arrival waits at all; 1 when the servers cannot keep up (N ≤ A).</summary>
    public static double ProbabilityOfWaiting(int servers, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        ArgumentOutOfRangeException.ThrowIfNegative(erlangs);
        if (erlangs == 0) return 0;
        if (servers <= erlangs) return 1;
        var b = 1.0;
        for (var k = 1; k <= servers; k++) b = erlangs * b / (k + erlangs * b);
        return servers * b / (servers - erlangs * (1 - b));
    }

    /// <summary>The share of arrivals answered within <paramref name="targetSeconds"/>: 1 − C·e^(−(N−A)·t/h).</summary>
    public static double ServiceLevel(int servers, double erlangs, double handleSeconds, double targetSeconds)
    {
        if (erlangs == 0) return 1;
        if (servers <= erlangs) return 0;
        return 1 - ProbabilityOfWaiting(servers, erlangs) * Math.Exp(-(servers - erlangs) * targetSeconds / handleSeconds);
    }

    /// <summary>The mean wait of all arrivals, in seconds: C·h / (N − A); infinite when N ≤ A.</summary>
    public static double AverageSpeedOfAnswer(int servers, double erlangs, double handleSeconds)
    {
        if (erlangs == 0) return 0;
        if (servers <= erlangs) return double.PositiveInfinity;
        return ProbabilityOfWaiting(servers, erlangs) * handleSeconds / (servers - erlangs);
    }

    /// <summary>
    /// The fewest servers that answer at least <paramref name="share"/> of arrivals within <paramref name="targetSeconds"/>
    /// (0 without traffic). Bounded by <paramref name="max"/>, which is returned when even that many fall short.
    /// </summary>
    public static int ServersNeeded(double erlangs, double handleSeconds, double targetSeconds, double share, int max = 100_000)
    {
        if (erlangs <= 0) return 0;
        for (var n = Math.Max(1, (int)Math.Floor(erlangs) + 1); n < max; n++)
            if (ServiceLevel(n, erlangs, handleSeconds, targetSeconds) >= share) return n;
        return max;
    }
}
