using System.Text.Json;
using GosChat.TestSupport.Server;
using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>One rule axe-core found broken, with the elements (CSS selector paths) that break it.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
{
    public bool IsSerious => Impact is "serious" or "critical";

    public override string ToString() => $"{Id} ({Impact}): {Help} — {string.Join("; ", Targets)}";
}

/// <summary>
/// axe-core (web-widget/node_modules/axe-core, a devDependency of the front end) injected into a page and run
/// with the WCAG 2.1 A and AA rules. Open shadow roots (the widget) are checked too.
/// </summary>
public static class Axe
{
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(RepositoryPaths.Root, "web-widget", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
            Assert.Fail($"{path} is missing: run `npm ci` in web-widget/ (axe-core is one of its devDependencies).");
        return File.ReadAllText(path);
    });

    // Finite animations (the widget's panel fades in) are waited for, so colours are checked as they end up;
    // document.getAnimations() leaves out shadow trees, so their roots are asked too.
    private const string RunScript = """
        async (tags) => {
          const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
          const finite = roots.flatMap((r) => r.getAnimations()).filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
          await Promise.all(finite.map((a) => a.finished.catch(() => null)));
          const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact || 'unknown', help: v.help,
            targets: v.nodes.map((n) => n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' >>> ')),
          }));
        }
        """;

    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            // Evaluated through the browser's debugging protocol, which the staff pages' CSP (script-src 'self') does
            // not cover, so the pages are audited with their real policy in force.
            await page.EvaluateAsync("source => { (0, eval)(source); }", Source.Value);
        var result = await page.EvaluateAsync<JsonElement>(RunScript, Tags);
        return result.EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!,
            v.GetProperty("impact").GetString()!,
            v.GetProperty("help").GetString()!,
            v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }
}

/// <summary>
/// Collects axe results of several page states; <see cref="AssertNoSerious"/> fails the test on any serious or
/// critical violation and prints every violation of every state (id, impact, targets, help).
/// </summary>
public sealed class AxeReport
{
    private readonly List<(string State, AxeViolation Violation)> _found = [];

    public async Task CheckAsync(IPage page, string state)
    {
        var violations = await Axe.RunAsync(page);
        TestContext.Out.WriteLine($"axe — {state}: {(violations.Count == 0 ? "no violations" : violations.Count + " violation(s)")}");
        foreach (var v in violations)
        {
            TestContext.Out.WriteLine("  " + v);
            _found.Add((state, v));
        }
    }

    public void AssertNoSerious()
    {
        var serious = _found.Where(f => f.Violation.IsSerious).Select(f => $"{f.State}: {f.Violation}").ToList();
        Assert.That(serious, Is.Empty, "serious or critical WCAG 2.1 A/AA violations found by axe-core");
    }
}
