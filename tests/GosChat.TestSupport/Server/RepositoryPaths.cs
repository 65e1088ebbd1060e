namespace GosChat.TestSupport.Server;

/// <summary>Finds folders of the checkout from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GosChat.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("GosChat.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string ServerProject => Path.Combine(Root, "src", "GosChat.Server");
    public static string WebRoot => Path.Combine(ServerProject, "wwwroot");
}
