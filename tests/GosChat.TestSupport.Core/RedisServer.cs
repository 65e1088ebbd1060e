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
    private readonly Process _process;
    private readonly string _dir;

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true,abortConnect=false";

    private RedisServer(Process process, int port, string dir)
    {
        _process = process;
        Port = port;
        _dir = dir;
    }

    /// <summary>Starts a server; with <paramref name="appendOnly"/> it keeps an AOF in a temp folder.</summary>
    public static RedisServer Start(bool appendOnly = false)
    {
        var exe = FindExecutable();
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var dir = Directory.CreateTempSubdirectory("goschat-redis-").FullName;
            var args = $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly {(appendOnly ? "yes" : "no")} --dir \"{dir}\" --daemonize no --protected-mode no";
            var psi = new ProcessStartInfo(exe, args)
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
            if (WaitForPort(port, process, TimeSpan.FromSeconds(20)))
                return new RedisServer(process, port, dir);
            try { process.Kill(true); } catch (InvalidOperationException) { }
            if (attempt >= 3) throw new InvalidOperationException($"redis-server did not listen on {port}");
        }
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
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
