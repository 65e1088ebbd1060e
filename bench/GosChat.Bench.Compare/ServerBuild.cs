using System.Diagnostics;

namespace GosChat.Bench.Compare;

/// <summary>A Release build of src/GosChat.Server at a git ref, in a folder of its own.</summary>
public sealed record ServerBuild(string Name, string Ref, string Commit, string Dll)
{
    /// <summary>
    /// Checks <paramref name="gitRef"/> out into a detached worktree under the temp folder (or uses the working tree
    /// itself for <c>WORKTREE</c>) and builds the server there with the committed web pages.
    /// </summary>
    public static async Task<ServerBuild> PrepareAsync(string name, string repository, string gitRef, string work)
    {
        string source;
        string commit;
        if (gitRef == "WORKTREE")
        {
            source = repository;
            commit = (await Run("git", $"-C \"{repository}\" rev-parse --short HEAD", repository)).Trim() + "+worktree";
        }
        else
        {
            commit = (await Run("git", $"-C \"{repository}\" rev-parse --short {gitRef}", repository)).Trim();
            source = Path.Combine(work, "src-" + commit);
            if (!Directory.Exists(source))
                await Run("git", $"-C \"{repository}\" worktree add --detach \"{source}\" {commit}", repository);
        }
        var output = Path.Combine(work, "out-" + name);
        Console.WriteLine($"[{name}] building {gitRef} ({commit}) …");
        await Run("dotnet", $"build \"{Path.Combine(source, "src", "GosChat.Server")}\" -c Release -nologo -v q -p:SkipWebWidgetBuild=true -o \"{output}\"", source);
        return new ServerBuild(name, gitRef, commit, Path.Combine(output, "GosChat.Server.dll"));
    }

    /// <summary>Removes the worktrees this run added.</summary>
    public static async Task CleanUpAsync(string repository, string work)
    {
        foreach (var dir in Directory.Exists(work) ? Directory.GetDirectories(work, "src-*") : [])
            await Run("git", $"-C \"{repository}\" worktree remove --force \"{dir}\"", repository, check: false);
    }

    public static async Task<string> Run(string file, string args, string workingDirectory, bool check = true)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {args} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
