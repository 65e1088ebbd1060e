using GosChat.Storage.InMemory;

namespace GosChat.Storage.Tests.Routing;

/// <summary>The embedded node's ticket numbers never repeat across restarts.</summary>
public sealed class FileTicketSequenceTests
{
    private string _folder = null!;

    [SetUp] public void Create() => _folder = Directory.CreateTempSubdirectory("goschat-tickets-").FullName;
    [TearDown] public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task ARestartedNode_GoesOnAfterEveryNumberItCouldHaveGiven()
    {
        var before = new FileTicketSequence(_folder);
        var given = new List<long>();
        for (var i = 0; i < 150; i++) given.Add(await before.NextAsync());

        var after = new FileTicketSequence(_folder);
        var next = await after.NextAsync();

        Assert.That(given, Is.EqualTo(Enumerable.Range(1, 150).Select(i => (long)i)));
        Assert.That(next, Is.GreaterThan(given.Max()), "no number repeats");
        Assert.That(next, Is.EqualTo(201), "the rest of the reserved block is skipped");
    }

    [Test]
    public async Task AFreshFolder_StartsAtOne()
    {
        Assert.That(await new FileTicketSequence(Path.Combine(_folder, "new")).NextAsync(), Is.EqualTo(1));
    }
}
