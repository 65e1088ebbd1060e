using GosChat.TestSupport.Logging;

namespace GosChat.Server.Tests;

/// <summary>
/// Runs after every test of this assembly: no log line of any test server (all captured at Debug, see
/// <see cref="LogCapture"/>) may hold the personal data or the tokens the tests sent and received.
/// </summary>
[SetUpFixture]
public sealed class LogScan
{
    [OneTimeTearDown]
    public void NoLogLine_HoldsPersonalDataOrTokens()
    {
        var leaks = LogCapture.Leaks();
        TestContext.Progress.WriteLine($"Log scan: {LogCapture.Lines} log lines against {LogCapture.SensitiveValues.Count} sensitive values, {leaks.Count} leaks.");
        Assert.That(leaks, Is.Empty, "log lines that hold personal data or a token:\n" + string.Join("\n", leaks));
        if (LogCapture.Lines > 0) File.Delete(LogCapture.FilePath);
    }
}
