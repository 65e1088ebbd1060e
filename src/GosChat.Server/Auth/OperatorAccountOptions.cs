namespace GosChat.Server.Auth;

/// <summary>One configured operator account (section "Operators", a list).</summary>
public sealed class OperatorAccountOptions
{
    public string Login { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>A PBKDF2 hash made by ASP.NET Core Identity's PasswordHasher (see README: "Operator accounts").</summary>
    public string PasswordHash { get; set; } = "";
    public List<string> Queues { get; set; } = [];
    public List<string> Languages { get; set; } = ["ru"];
    public int MaxChats { get; set; } = 3;
    public List<string> Roles { get; set; } = ["operator"];
    /// <summary>Skills beyond queues; "senior" puts the operator in the senior tier.</summary>
    public List<string> Skills { get; set; } = [];
}
