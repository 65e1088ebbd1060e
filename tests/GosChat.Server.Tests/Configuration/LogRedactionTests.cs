using GosChat.Server.Composition;
using GosChat.TestSupport.Logging;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GosChat.Server.Tests.Configuration;

/// <summary>The wrapped logger factory: what reaches a provider has no query string and no hub call contents.</summary>
public sealed class LogRedactionTests
{
    private static (ILoggerFactory Factory, LogCaptureProvider Lines, ServiceProvider Services) Build()
    {
        var capture = LogCapture.NewProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(capture))
            .AddGosChatLogRedaction()
            .BuildServiceProvider();
        return (services.GetRequiredService<ILoggerFactory>(), capture, services);
    }

    [TestCase("GET /hubs/operator?id=1&access_token=eyJhbGciOi", "GET /hubs/operator?[redacted]")]
    [TestCase("http://h/api/attachments/a.b?expires=1&sig=abc def", "http://h/api/attachments/a.b?[redacted] def")]
    [TestCase("Is it open? Yes.", "Is it open? Yes.")]
    [TestCase("no query at all", "no query at all")]
    public void Redact_TakesOutQueryStrings_NotQuestions(string text, string expected) =>
        Assert.That(LogRedaction.Redact(text), Is.EqualTo(expected));

    [Test]
    public void MessageValuesScopesAndExceptions_AreRedacted_AndHubCallsLoseTheirArguments()
    {
        var (factory, lines, services) = Build();
        using var _ = services;
        var logger = factory.CreateLogger("Test");
        using (logger.BeginScope("Path {Url}", "/x?resumeToken=scope-secret-123"))
            logger.LogInformation(new InvalidOperationException("bad /y?sig=exception-secret"), "Request {Url} done", "/hubs/chat?access_token=value-secret-1");
        logger.LogDebug("Received hub invocation: {InvocationMessage}.",
            new InvocationMessage("1", "SendMessage", ["паспорт 4510 123456", "c-1"]));
        logger.LogDebug("Sending result {Result}", CompletionMessage.WithResult("2", new { resumeToken = "result-secret-42" }));

        var all = string.Join("\n", lines.Lines);
        Assert.That(all, Does.Not.Contain("secret").And.Not.Contain("4510"));
        Assert.That(all, Does.Contain("/hubs/chat?[redacted]").And.Contain("Target: \"SendMessage\", Arguments: [redacted]"));
    }

    [Test]
    public void TheHubDispatchersErrorLineForARefusal_IsDropped_OtherErrorsAreKept()
    {
        var (factory, lines, services) = Build();
        using var _ = services;
        var dispatcher = factory.CreateLogger("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher");
        dispatcher.Log(LogLevel.Error, new EventId(8, "FailedInvokingHubMethod"), new HubException("no_session: …"), "Failed to invoke hub method 'SendMessage'.");
        dispatcher.Log(LogLevel.Error, new EventId(8, "FailedInvokingHubMethod"), new TimeoutException("real failure"), "Failed to invoke hub method 'SendMessage'.");
        Assert.That(lines.Lines, Has.Count.EqualTo(1));
        Assert.That(lines.Lines[0], Does.Contain("real failure"));
    }
}
