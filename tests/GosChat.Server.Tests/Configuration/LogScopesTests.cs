using GosChat.Server.Composition;
using GosChat.Server.Hubs;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;

namespace GosChat.Server.Tests.Configuration;

/// <summary>
/// Log scopes are captured only when asked for or printed: each hub connection would otherwise hold the scopes the
/// framework opens for it (connection, request, hub) for as long as it lasts.
/// </summary>
public sealed class LogScopesTests
{
    [TestCase(null, null, false)]
    [TestCase("true", null, true)]
    [TestCase(null, "true", true)]
    [TestCase("false", "true", false)]
    [TestCase("true", "false", true)]
    public void Scopes_AreCaptured_WhenSetOrWhenTheConsolePrintsThem(string? capture, string? includeScopes, bool expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:CaptureScopes"] = capture,
            ["Logging:Console:FormatterOptions:IncludeScopes"] = includeScopes,
        }).Build();
        Assert.That(LogScopes.Wanted(config), Is.EqualTo(expected));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AHubCallsLogLine_CarriesTheConnectionsScopes_OnlyWhenTheyAreCaptured(bool capture)
    {
        await using var server = await GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:CaptureScopes"] = capture ? "true" : "false",
        });
        await using var citizen = await server.CitizenAsync();
        Assert.ThrowsAsync<HubException>(() => citizen.InvokeAsync<SendResult>("SendMessage", "без сессии", "c-1"));

        var line = server.Logs.Lines.Single(l => l.Contains("Hub call SendMessage refused", StringComparison.Ordinal));
        if (capture) Assert.That(line, Does.Contain(" => ").And.Contain("/hubs/chat"), "the request's and the connection's scopes");
        else Assert.That(line, Does.Not.Contain(" => "));
    }
}
