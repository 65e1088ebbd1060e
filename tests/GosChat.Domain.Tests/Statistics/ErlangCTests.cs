using GosChat.Domain.Statistics;
using NodaTime;

namespace GosChat.Domain.Tests.Statistics;

/// <summary>
/// Erlang C against published values: the Call Centre Helper worked example (100 calls in 30 min, 180 s handle
/// time = 10 erlangs, 20 s target: probability of waiting, service level and average speed of answer for 11–14
/// agents, 14 needed for 80/20), the textbook reading "6 erlangs on 10 servers: about 0.10", Mathematica's
/// ErlangC[3, 2] = 4/9, and its support-centre example (30 calls an hour, 5 min each, 90 % not delayed: 6 staff).
/// </summary>
public sealed class ErlangCTests
{
    [TestCase(11, 10.0, 0.6821, 0.3896, 122.8)]
    [TestCase(12, 10.0, 0.4494, 0.6402, 40.4)]
    [TestCase(13, 10.0, 0.2853, 0.7956, 17.1)]
    [TestCase(14, 10.0, 0.1741, 0.8884, 7.8)]
    public void CallCentreHelperExample_10Erlangs_180sHandle_20sTarget(int agents, double erlangs, double wait, double serviceLevel, double asa)
    {
        Assert.That(ErlangC.ProbabilityOfWaiting(agents, erlangs), Is.EqualTo(wait).Within(0.00005));
        Assert.That(ErlangC.ServiceLevel(agents, erlangs, 180, 20), Is.EqualTo(serviceLevel).Within(0.00005));
        Assert.That(ErlangC.AverageSpeedOfAnswer(agents, erlangs, 180), Is.EqualTo(asa).Within(0.05));
    }

    [Test]
    public void CallCentreHelperExample_Needs14Agents_For80PercentIn20s() =>
        Assert.That(ErlangC.ServersNeeded(10, 180, 20, 0.8), Is.EqualTo(14));

    [TestCase(10, 6.0, 0.1013)]
    [TestCase(3, 2.0, 4.0 / 9)]
    [TestCase(1, 0.5, 0.5)]   // M/M/1: the probability of waiting is the utilisation
    public void ProbabilityOfWaiting_MatchesPublishedValues(int servers, double erlangs, double expected) =>
        Assert.That(ErlangC.ProbabilityOfWaiting(servers, erlangs), Is.EqualTo(expected).Within(0.00005));

    [Test]
    public void SupportCentre_30CallsAnHour_5MinEach_Needs6Staff_For90PercentNotDelayed()
    {
        // "Not delayed" is a service level with a target time of zero: 1 − C.
        Assert.That(ErlangC.ServersNeeded(30 * 5 / 60.0, 300, 0, 0.9), Is.EqualTo(6));
        Assert.That(ErlangC.ProbabilityOfWaiting(5, 2.5), Is.GreaterThan(0.1));
    }

    [TestCase(10, 10.0)]
    [TestCase(3, 7.5)]
    public void TooFewServers_AlwaysWait_AndNeverMeetATarget(int servers, double erlangs)
    {
        Assert.That(ErlangC.ProbabilityOfWaiting(servers, erlangs), Is.EqualTo(1));
        Assert.That(ErlangC.ServiceLevel(servers, erlangs, 180, 120), Is.Zero);
        Assert.That(ErlangC.AverageSpeedOfAnswer(servers, erlangs, 180), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void NoTraffic_NeedsNobody() =>
        Assert.That((ErlangC.ServersNeeded(0, 180, 120, 0.8), ErlangC.ProbabilityOfWaiting(0, 0)), Is.EqualTo((0, 0.0)));

    [Test]
    public void LargeCentres_DoNotOverflow()
    {
        var needed = ErlangC.ServersNeeded(400, 300, 20, 0.8);
        Assert.That(needed, Is.EqualTo(412));
        Assert.That(ErlangC.ServiceLevel(needed, 400, 300, 20), Is.GreaterThanOrEqualTo(0.8));
        Assert.That(ErlangC.ServiceLevel(needed - 1, 400, 300, 20), Is.LessThan(0.8));
    }

    [TestCase(3.0, 7)]
    [TestCase(1.0, 20)]
    [TestCase(2.5, 8)]
    public void Chats_CountEachOperatorsConcurrency(double concurrency, int expected)
    {
        // 360 chats an hour × 180 s = 18 erlangs; 80 % within 120 s needs 20 slots; with c chats each, ⌈20 / c⌉ operators.
        Assert.That(ErlangC.ServersNeeded(18, 180, 120, 0.8), Is.EqualTo(20));
        var forecast = StaffingForecaster.Forecast("101", 360, 180, concurrency, present: 4, new ServiceTarget(0.8, Duration.FromSeconds(120)));
        Assert.That(forecast.OperatorsNeeded, Is.EqualTo(expected));
        if (concurrency != 3.0) return;
        Assert.That(forecast.ServiceLevel, Is.EqualTo(Math.Round(ErlangC.ServiceLevel(12, 18, 180, 120), 4)), "4 operators × 3 chats = 12 slots");
    }
}
