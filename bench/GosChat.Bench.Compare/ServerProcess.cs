using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GosChat.Bench.Compare;

/// <summary>
/// One server node as its own process (<c>dotnet GosChat.Server.dll</c>), pinned to one core with taskset, on the
/// real clock, configured through environment variables exactly as a deployment would be.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    public Uri BaseAddress { get; }

    /// <summary>The server's process id (to attach dotnet-trace or dotnet-counters).</summary>
    public int ProcessId => _process.Id;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public static async Task<ServerProcess> StartAsync(ServerBuild build, string? redis, int core, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("taskset", $"-c {core} dotnet \"{build.Dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(build.Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Redis__Configuration"] = redis ?? "";
        foreach (var (key, value) in settings) psi.Environment[key] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
        // GOSCHAT_BENCH_SERVER_LOG=1 shows the servers' own log (warnings and errors) while a workload runs.
        var showLog = Environment.GetEnvironmentVariable("GOSCHAT_BENCH_SERVER_LOG") is { Length: > 0 };
        process.OutputDataReceived += (_, e) => { if (showLog && e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[{build.Name}] {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine($"[{build.Name}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"{build.Name} exited with {process.ExitCode} at start-up");
            try
            {
                if ((await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"{build.Name} did not answer /healthz within 60 s");
    }

    /// <summary>Whether the server process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The server's CPU time so far (user + system), to compare cost per message.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            if (_process.HasExited) return _process.TotalProcessorTime;
            _process.Refresh();
            // taskset execs dotnet in place, so the process is the server itself.
            return _process.TotalProcessorTime;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException) { }
        catch (TimeoutException) { }
        _process.Dispose();
    }
}
