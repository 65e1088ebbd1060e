using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GosChat.TestSupport;

/// <summary>
/// A real redis-server started on a free loopback port for the life of a fixture, and stopped by Dispose.
/// Needs the Debian package redis-server (scripts/test.sh installs it).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(20);

    private readonly string _dir;
    private readonly bool _appendOnly;
    private Process? _process;

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true,abortConnect=false";
    public bool IsRunning => _process is { HasExited: false };

    private RedisServer(int port, string dir, bool appendOnly)
    {
        Port = port;
        _dir = dir;
        _appendOnly = appendOnly;
    }

    /// <summary>Starts a server; with <paramref name="appendOnly"/> it keeps an AOF in a temp folder.</summary>
    public static RedisServer Start(bool appendOnly = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = NotStarted(appendOnly);
            if (server.TryRun()) return server;
            server.Dispose();
            if (attempt >= 3) throw new InvalidOperationException($"redis-server did not listen on {server.Port}");
        }
    }

    /// <summary>A server with its port chosen but not running yet (a node that starts before Redis): <see cref="Run"/> starts it.</summary>
    public static RedisServer NotStarted(bool appendOnly = false) =>
        new(FreePort(), Directory.CreateTempSubdirectory("goschat-redis-").FullName, appendOnly);

    /// <summary>Starts the server on its port (again, after <see cref="Kill"/>); returns once it accepts connections.</summary>
    public void Run()
    {
        if (!TryRun()) throw new InvalidOperationException($"redis-server did not listen on {Port}");
    }

    /// <summary>Kills the server at once, as a crash would; <see cref="ConnectionString"/> stays the same for <see cref="Run"/>.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _process = null;
    }

    private bool TryRun()
    {
        if (IsRunning) return true;
        var args = $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly {(_appendOnly ? "yes" : "no")} --dir \"{_dir}\" --daemonize no --protected-mode no";
        var psi = new ProcessStartInfo(FindExecutable(), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        if (WaitForPort(Port, process, ListenTimeout)) return true;
        Kill();
        return false;
    }

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
            if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("redis-server is not installed: run scripts/test.sh, or apt-get install -y redis-server");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool WaitForPort(int port, Process process, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (process.HasExited) return false;
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        return false;
    }

    public void Dispose()
    {
        Kill();
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
