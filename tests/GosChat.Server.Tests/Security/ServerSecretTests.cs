using GosChat.TestSupport.Server;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Tests.Security;

/// <summary>GosChat:ServerSecret keys citizen history and download links: a production node does not start without a good one.</summary>
public sealed class ServerSecretTests
{
    [TestCase("")]
    [TestCase("too short")]
    public void ProductionNode_RefusesToStart_WithoutAServerSecretOf32Characters(string secret)
    {
        var refused = Assert.CatchAsync(() => GosChatServer.StartAsync(settings: new Dictionary<string, string?> { ["GosChat:ServerSecret"] = secret },
            environment: "Production"));
        Assert.That(refused, Is.InstanceOf<OptionsValidationException>());
        Assert.That(refused!.Message, Does.Contain("GosChat:ServerSecret"));
    }

    [Test]
    public void AHostSiteWithAShortSecret_StopsStartUp()
    {
        var refused = Assert.CatchAsync(() => GosChatServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GosChat:CitizenIdentity:Sites:0:Id"] = "portal",
            ["GosChat:CitizenIdentity:Sites:0:Origins:0"] = "https://portal.example",
            ["GosChat:CitizenIdentity:Sites:0:Secret"] = "short",
        }));
        Assert.That(refused, Is.InstanceOf<OptionsValidationException>());
    }
}
