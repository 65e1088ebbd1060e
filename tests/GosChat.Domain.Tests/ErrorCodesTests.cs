using System.Text.RegularExpressions;
using GosChat.Domain;

namespace GosChat.Domain.Tests;

/// <summary>The service's error codes are one list: distinct, and written the way clients match them.</summary>
public sealed partial class ErrorCodesTests
{
    [Test]
    public void Codes_AreDistinct_AndSnakeCase()
    {
        Assert.That(ErrorCodes.All, Has.Count.GreaterThan(50));
        Assert.That(ErrorCodes.All, Is.Unique);
        Assert.That(ErrorCodes.All, Has.All.Matches(SnakeCase()));
    }

    [Test]
    public void TheSourcesNameNoErrorCodeOutsideTheList()
    {
        var root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src"));
        var literal = ThrownLiteral();
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.EndsWith("ErrorCodes.cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => literal.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}")
            .ToList();
        Assert.That(offenders, Is.Empty, "error codes written as literals instead of ErrorCodes.*");
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"DomainException\.[A-Za-z]+\(""|\[""code""\] = ""|new HubException\(""[a-z_]+:")]
    private static partial Regex ThrownLiteral();
}
