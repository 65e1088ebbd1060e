namespace GosChat.Server.Composition;

/// <summary>The "GosChat" configuration section (see appsettings.example.json).</summary>
public sealed class GosChatOptions
{
    public const string Section = "GosChat";

    public string TimeZone { get; set; } = "Europe/Moscow";
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>How much later an offer expires when the operator asks for more time.</summary>
    public TimeSpan OfferExtension { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>How many times an operator may ask for more time on one offer (0 = never).</summary>
    public int OfferExtensionsAllowed { get; set; } = 1;
    public TimeSpan DeclineCooldown { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan DefaultHandleTime { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>How often each node expires offers, returns sessions of gone operators and releases opened queues.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public List<string> AllowedOrigins { get; set; } = [];
    /// <summary>Sign-in attempts allowed per client address per minute (beyond: 429).</summary>
    public int LoginAttemptsPerMinute { get; set; } = 20;
    /// <summary>How long an operator's sign-in lasts.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);
}

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
