namespace GosChat.Domain.Tests.Support;

/// <summary>Asserts that the domain refuses a request with a given kind (and code).</summary>
public static class Refused
{
    public static DomainException By(DomainErrorKind kind, Action action, string? code = null)
    {
        var ex = Assert.Throws<DomainException>(action)!;
        Check(ex, kind, code);
        return ex;
    }

    public static async Task<DomainException> ByAsync(DomainErrorKind kind, Func<Task> action, string? code = null)
    {
        DomainException? caught = null;
        try
        {
            await action();
        }
        catch (DomainException ex)
        {
            caught = ex;
        }
        Assert.That(caught, Is.Not.Null, $"expected a {kind} refusal, but the request was accepted");
        Check(caught!, kind, code);
        return caught!;
    }

    private static void Check(DomainException ex, DomainErrorKind kind, string? code)
    {
        Assert.That(ex.Kind, Is.EqualTo(kind), ex.Message);
        if (code is not null) Assert.That(ex.Code, Is.EqualTo(code), ex.Message);
    }
}
