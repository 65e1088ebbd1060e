using System.Diagnostics;
using System.Globalization;
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

    private const string ServerEnvPrefix = "GOSCHAT_BENCH_SERVER_ENV_";

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
        // GOSCHAT_BENCH_SERVER_ENV_<NAME>=value sets <NAME> for the servers alone (a runtime setting to try, say), not the driver.
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string name && name.StartsWith(ServerEnvPrefix, StringComparison.Ordinal) && name.Length > ServerEnvPrefix.Length)
                psi.Environment[name[ServerEnvPrefix.Length..]] = e.Value as string ?? "";
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

    /// <summary>The server's resident memory now (VmRSS in /proc/&lt;pid&gt;/status), in bytes; null where that is not readable.</summary>
    public long? ResidentBytes
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                // "VmRSS:	  123456 kB"
                return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The GC heap after the last collection (the runtime's <c>dotnet.gc.last_collection.heap.size</c>, summed over the
    /// generations), read from the server's Prometheus endpoint <c>/metrics</c>; null when the server has none.
    /// </summary>
    public async Task<long?> GcHeapBytesAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync("metrics");
        if (!response.IsSuccessStatusCode) return null;
        long? sum = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + (long)double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>The server's CPU time over <paramref name="time"/> as a share of one core.</summary>
    public async Task<double> CpuShareOverAsync(TimeSpan time)
    {
        var cpuBefore = CpuTime;
        var watch = Stopwatch.StartNew();
        await Task.Delay(time);
        return (CpuTime - cpuBefore).TotalSeconds / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Waits until the work the last calls left behind (jobs scheduled after the reply, connections closing) has
    /// drained: a <paramref name="window"/> (2 s unless given) under 15 % of a core, or 120 s. Returns how long that took, in seconds.
    /// </summary>
    public async Task<double> DrainAsync(TimeSpan? window = null)
    {
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(120) && await CpuShareOverAsync(window ?? TimeSpan.FromSeconds(2)) >= 0.15) { }
        return drain.Elapsed.TotalSeconds;
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
