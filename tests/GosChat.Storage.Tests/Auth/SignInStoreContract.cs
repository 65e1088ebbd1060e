using GosChat.Domain.Operators;
using GosChat.Domain.Ports;
using NodaTime;

namespace GosChat.Storage.Tests.Auth;

/// <summary>Operators' sign-ins, the same on every adapter.</summary>
public abstract class SignInStoreContract
{
    private StoreFactory _factory = null!;
    private ISignInStore Store => _factory.SignIns();
    private static readonly Instant T0 = Instant.FromUtc(2031, 3, 3, 9, 0, 0);

    protected abstract StoreFactory CreateFactory();

    [OneTimeSetUp] public void Create() => _factory = CreateFactory();
    [OneTimeTearDown] public void Destroy() => _factory.Dispose();
    [SetUp] public void Clean() => _factory.Reset();

    private static SignIn Of(string id, string op) => new(id, op, T0, T0 + Duration.FromHours(12));

    [Test]
    public async Task Saved_SignIns_AreFoundByIdAndUnknownOnesAreAbsent()
    {
        await Store.SaveAsync(Of("a", "ivanova"));
        await Store.SaveAsync(Of("b", "petrov"));

        var found = await Store.GetAsync(["a", "b", "zzz"]);

        Assert.That(found.Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(found["a"], Is.EqualTo(Of("a", "ivanova")));
    }

    [Test]
    public async Task Revoke_EndsOneSignIn()
    {
        await Store.SaveAsync(Of("a", "ivanova"));
        await Store.SaveAsync(Of("b", "ivanova"));

        Assert.That(await Store.RevokeAsync("a", T0 + Duration.FromMinutes(5)), Is.True);
        Assert.That(await Store.RevokeAsync("nope", T0), Is.False);

        var found = await Store.GetAsync(["a", "b"]);
        Assert.That(found["a"].RevokedAt, Is.EqualTo(T0 + Duration.FromMinutes(5)));
        Assert.That(found["a"].IsValidAt(T0 + Duration.FromMinutes(6)), Is.False);
        Assert.That(found["b"].IsValidAt(T0 + Duration.FromMinutes(6)), Is.True);
    }

    [Test]
    public async Task RevokeOperator_EndsAllOfThatOperatorsSignIns_AndNoOneElses()
    {
        await Store.SaveAsync(Of("a", "ivanova"));
        await Store.SaveAsync(Of("b", "ivanova"));
        await Store.SaveAsync(Of("c", "petrov"));

        Assert.That(await Store.RevokeOperatorAsync("ivanova", T0 + Duration.FromHours(1)), Is.EqualTo(2));

        var found = await Store.GetAsync(["a", "b", "c"]);
        Assert.That(found.Values.Where(s => s.RevokedAt is not null).Select(s => s.Id), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task RefreshCredential_RotatesOnlyFromTheCurrentOne()
    {
        var keep = TimeSpan.FromHours(1);
        Assert.That(await Store.SwapRefreshAsync("a", "nothing-yet", "h1", keep), Is.False);
        Assert.That(await Store.SwapRefreshAsync("a", null, "h1", keep), Is.True);
        Assert.That(await Store.SwapRefreshAsync("a", null, "h1", keep), Is.False, "set once");
        Assert.That(await Store.SwapRefreshAsync("a", "h1", "h2", keep), Is.True);
        Assert.That(await Store.SwapRefreshAsync("a", "h1", "h3", keep), Is.False, "a used credential");
        Assert.That(await Store.SwapRefreshAsync("b", "h2", "h3", keep), Is.False, "another sign-in's");
        Assert.That(await Store.SwapRefreshAsync("a", "h2", "h3", keep), Is.True);
    }

    [Test]
    public async Task ParallelRotations_FromOneCredential_OnlyOneWins()
    {
        await Store.SwapRefreshAsync("a", null, "h0", TimeSpan.FromHours(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => Store.SwapRefreshAsync("a", "h0", "next" + i, TimeSpan.FromHours(1)))));

        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }
}

[TestFixture]
public sealed class InMemorySignInStoreTests : SignInStoreContract
{
    protected override StoreFactory CreateFactory() => new InMemoryStoreFactory();
}

[TestFixture]
public sealed class RedisSignInStoreTests : SignInStoreContract
{
    protected override StoreFactory CreateFactory() => new RedisStoreFactory();
}
