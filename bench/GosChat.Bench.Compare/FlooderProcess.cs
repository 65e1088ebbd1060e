using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GosChat.Bench.Compare;

/// <summary>
/// The flood workload's flooder in a process of its own (this tool again, <c>--workload flooder</c>) at the lowest CPU
/// priority (<c>nice 19</c>), on the driver's core like the rest of the driver. The neighbours' clients then get the
/// core whenever they need it, as they would on machines of their own, and the flooder has the rest, which is most of
/// it. One line on its standard input starts a flooded phase, one JSON line on its output reports it.
/// </summary>
public sealed class FlooderProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FlooderProcess(Process process) => _process = process;

    public static FlooderProcess Start()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no path of this process");
        var direct = !self.EndsWith("dotnet", StringComparison.Ordinal);
        var psi = new ProcessStartInfo(OperatingSystem.IsLinux() ? "nice" : self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add("19");
            psi.ArgumentList.Add(self);
        }
        if (!direct) psi.ArgumentList.Add(typeof(FlooderProcess).Assembly.Location);
        psi.ArgumentList.Add("--workload");
        psi.ArgumentList.Add("flooder");
        return new FlooderProcess(Process.Start(psi) ?? throw new InvalidOperationException("the flooder did not start"));
    }

    /// <summary>Floods <paramref name="hub"/> for <paramref name="phase"/>; returns the conversation's resume token and what it did.</summary>
    public async Task<(string? ResumeToken, Flood.FloodTally Tally)> FloodAsync(Uri hub, TimeSpan phase, int floodLength, string? resumeToken)
    {
        var command = new Command(hub.ToString(), phase.TotalMilliseconds, floodLength, resumeToken);
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync()
                   ?? throw new InvalidOperationException("the flooder ended");
        var report = JsonSerializer.Deserialize<Report>(line)!;
        return (report.ResumeToken, report.Tally);
    }

    /// <summary>The flooder's side: one flooded phase per command line, until its input ends.</summary>
    public static async Task MainAsync()
    {
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var command = JsonSerializer.Deserialize<Command>(line)!;
            var tally = new Flood.FloodTally();
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(command.PhaseMs));
            var token = await Flood.FloodLoopAsync(new Uri(command.Hub), command.FloodLength, command.ResumeToken, tally, stop.Token);
            Console.Out.WriteLine(JsonSerializer.Serialize(new Report(token, tally)));
            await Console.Out.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private sealed record Command(string Hub, double PhaseMs, int FloodLength, string? ResumeToken);

    private sealed record Report(string? ResumeToken, Flood.FloodTally Tally);
}
