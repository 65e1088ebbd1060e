using System.Text;
using GosChat.Storage.Redis.Backplane;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Tests.Backplane;

public sealed class BackplaneFrameCodecTests
{
    private static readonly IHubProtocol Json = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));

    [Test]
    public void Invocation_RoundTrips_WithExclusionsAndOnePayloadPerProtocol()
    {
        var message = new SerializedHubMessage(new InvocationMessage("msg", ["привет", 42]));

        var bytes = BackplaneFrameCodec.WriteInvocation("node-1", ["c1", "c2"], message, [Json]);
        var frame = BackplaneFrameCodec.Read(bytes);

        Assert.That(frame.Kind, Is.EqualTo(FrameKind.Invocation));
        Assert.That(frame.SourceNode, Is.EqualTo("node-1"));
        Assert.That(frame.ExcludedConnectionIds, Is.EqualTo(new[] { "c1", "c2" }));
        Assert.That(frame.Payloads.Select(p => p.ProtocolName), Is.EqualTo(new[] { "json" }));
        var json = Encoding.UTF8.GetString(frame.Payloads[0].Serialized.Span);
        Assert.That(json, Does.Contain("\"target\":\"msg\"").And.Contain("привет").And.Contain("42"));
        Assert.That(frame.Payloads[0].Serialized.ToArray(), Is.EqualTo(message.GetSerializedMessage(Json).ToArray()));
    }

    [TestCase((byte)1)]
    [TestCase((byte)2)]
    public void GroupCommand_RoundTrips(byte actionByte)
    {
        var action = (GroupAction)actionByte;
        var frame = BackplaneFrameCodec.Read(BackplaneFrameCodec.WriteGroupCommand("node-2", 300_000_000_000, action, "conn", "queue:101*"));

        Assert.That(frame.Kind, Is.EqualTo(FrameKind.GroupCommand));
        Assert.That(frame.RequestId, Is.EqualTo(300_000_000_000));
        Assert.That(frame.Action, Is.EqualTo(action));
        Assert.That(frame.ConnectionId, Is.EqualTo("conn"));
        Assert.That(frame.GroupName, Is.EqualTo("queue:101*"));
    }

    [Test]
    public void Ack_RoundTrips()
    {
        var frame = BackplaneFrameCodec.Read(BackplaneFrameCodec.WriteAck("node-3", 7));

        Assert.That(frame.Kind, Is.EqualTo(FrameKind.Ack));
        Assert.That(frame.SourceNode, Is.EqualTo("node-3"));
        Assert.That(frame.RequestId, Is.EqualTo(7));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 9, 1, 0 })]
    [TestCase(new byte[] { 1, 77, 0 })]
    [TestCase(new byte[] { 1, 1, 200 })]
    [TestCase(new byte[] { 1, 1, 1, 65, 255, 255, 255, 255, 15 })]
    public void Malformed_IsRejected(byte[] bytes) =>
        Assert.That(() => BackplaneFrameCodec.Read(bytes), Throws.InstanceOf<InvalidDataException>());

    [Test]
    public void EveryTruncation_OfAValidFrame_IsRejected()
    {
        var bytes = BackplaneFrameCodec.WriteInvocation("n", ["x"], new SerializedHubMessage(new InvocationMessage("m", ["a"])), [Json]);

        for (var length = 0; length < bytes.Length; length++)
            Assert.That(() => BackplaneFrameCodec.Read(bytes.AsMemory(0, length)), Throws.InstanceOf<InvalidDataException>(), $"length {length}");
    }
}

public sealed class BackplaneChannelsTests
{
    [Test]
    public void Names_StartWithTheVersionedPrefixAndHubName()
    {
        var channels = new BackplaneChannels("ChatHub");

        Assert.That((string?)channels.All, Is.EqualTo("goschat:v1:backplane:ChatHub:all"));
        Assert.That((string?)channels.Connection("c1"), Is.EqualTo("goschat:v1:backplane:ChatHub:connection:c1"));
        Assert.That((string?)channels.Group("all"), Is.EqualTo("goschat:v1:backplane:ChatHub:group:all"));
        Assert.That((string?)channels.User("u1"), Is.EqualTo("goschat:v1:backplane:ChatHub:user:u1"));
        Assert.That((string?)channels.Acks("n1"), Is.EqualTo("goschat:v1:backplane:ChatHub:ack:n1"));
    }
}
