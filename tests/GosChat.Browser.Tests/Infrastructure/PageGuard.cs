using Microsoft.Playwright;

namespace GosChat.Browser.Tests.Infrastructure;

/// <summary>
/// Records anything a page must never do: open a dialog (alert/confirm/prompt), throw an uncaught error, or log a
/// console error. Dialogs are dismissed so a test cannot hang on one.
/// </summary>
public sealed class PageGuard
{
    private readonly List<string> _problems = [];
    private readonly List<string> _optionalEndpoints = [];

    /// <summary>
    /// A failed load of this path is not a problem: the page treats it as optional (e.g. the jobs view, which a
    /// server without the jobs part answers with 404) and says so on the page itself.
    /// </summary>
    public void AllowMissing(string path)
    {
        lock (_problems) _optionalEndpoints.Add(path);
    }

    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return _problems.ToList(); }
    }

    public void Watch(IPage page, string name)
    {
        page.Dialog += async (_, dialog) =>
        {
            Add($"{name}: dialog {dialog.Type} \"{dialog.Message}\"");
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => Add($"{name}: page error {error}");
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            // The pages have no favicon; the browser asks for one anyway.
            if (message.Location.Contains("favicon.ico", StringComparison.Ordinal)) return;
            lock (_problems)
                if (_optionalEndpoints.Any(p => message.Location.Contains(p, StringComparison.Ordinal))) return;
            Add($"{name}: console error {message.Text} ({message.Location})");
        };
    }

    public void AssertClean() => Assert.That(Problems, Is.Empty, "dialogs, page errors or console errors");

    private void Add(string problem)
    {
        lock (_problems) _problems.Add(problem);
    }
}
