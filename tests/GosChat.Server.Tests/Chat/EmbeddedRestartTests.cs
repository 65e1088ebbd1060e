using GosChat.Server.Hubs;
using GosChat.TestSupport.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace GosChat.Server.Tests.Chat;

/// <summary>What an embedded node keeps across a restart on the same data folder.</summary>
public sealed class EmbeddedRestartTests
{
    [Test]
    public async Task TicketNumbers_DoNotRepeat_AfterARestart()
    {
        var folder = Directory.CreateTempSubdirectory("goschat-restart-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["GosChat:DataFolder"] = folder };
            var request = new StartSessionRequest("101", "Вопрос", "ru", null, null, null, null, null);
            string first;
            await using (var node = await GosChatServer.StartAsync(settings: settings))
            {
                await using var citizen = await node.CitizenAsync();
                first = (await citizen.InvokeAsync<SessionStartedDto>("StartSession", request)).Ticket;
            }
            await using (var restarted = await GosChatServer.StartAsync(settings: settings))
            {
                await using var citizen = await restarted.CitizenAsync();
                var second = (await citizen.InvokeAsync<SessionStartedDto>("StartSession", request)).Ticket;
                Assert.That(long.Parse(second[1..]), Is.GreaterThan(long.Parse(first[1..])), $"{second} after {first}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
