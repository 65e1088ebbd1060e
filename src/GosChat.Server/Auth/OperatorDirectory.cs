using GosChat.Domain.Operators;
using GosChat.Domain.Queues;
using GosChat.Server.Composition;
using Microsoft.AspNetCore.Identity;

namespace GosChat.Server.Auth;

/// <summary>The operator accounts this node knows: from configuration, plus demo accounts in Development.</summary>
public sealed class OperatorDirectory
{
    public const string DemoPassword = "demo";
    private readonly Dictionary<string, (OperatorAccount Account, string PasswordHash)> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly PasswordHasher<OperatorAccount> _hasher = new();
    private readonly string _dummyHash;

    public OperatorDirectory(IEnumerable<OperatorAccountOptions> configured, bool includeDemoAccounts)
    {
        _dummyHash = _hasher.HashPassword(null!, Guid.NewGuid().ToString());
        foreach (var options in configured) Add(options);
        if (includeDemoAccounts)
            foreach (var demo in DemoAccounts())
                if (!_accounts.ContainsKey(demo.Login)) Add(demo);
    }

    public IReadOnlyCollection<OperatorAccount> All => _accounts.Values.Select(a => a.Account).ToList();

    public OperatorAccount? Find(string? login) =>
        login is not null && _accounts.TryGetValue(login, out var entry) ? entry.Account : null;

    /// <summary>The account when the password matches; null otherwise (in about the same time either way).</summary>
    public OperatorAccount? Verify(string? login, string? password)
    {
        if (string.IsNullOrEmpty(login) || string.IsNullOrEmpty(password)) return null;
        if (!_accounts.TryGetValue(login, out var entry))
        {
            _hasher.VerifyHashedPassword(null!, _dummyHash, password);
            return null;
        }
        var result = _hasher.VerifyHashedPassword(entry.Account, entry.PasswordHash, password);
        return result == PasswordVerificationResult.Failed ? null : entry.Account;
    }

    public static string HashPassword(string password) => new PasswordHasher<OperatorAccount>().HashPassword(null!, password);

    private void Add(OperatorAccountOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Login)) throw new InvalidOperationException("Operators: an account has no Login.");
        if (string.IsNullOrWhiteSpace(o.PasswordHash)) throw new InvalidOperationException($"Operators: account '{o.Login}' has no PasswordHash.");
        foreach (var q in o.Queues)
            if (!QueueCatalog.IsKnown(q)) throw new InvalidOperationException($"Operators: account '{o.Login}' names unknown queue '{q}'.");
        var account = new OperatorAccount
        {
            Id = o.Login,
            Name = string.IsNullOrWhiteSpace(o.Name) ? o.Login : o.Name,
            Queues = o.Queues.ToList(),
            Languages = o.Languages.Count == 0 ? ["ru"] : o.Languages.ToList(),
            MaxChats = Math.Max(1, o.MaxChats),
            Roles = o.Roles.Count == 0 ? [Roles.Operator] : o.Roles.ToList(),
            Senior = o.Skills.Contains("senior", StringComparer.OrdinalIgnoreCase),
        };
        _accounts[o.Login] = (account, o.PasswordHash);
    }

    /// <summary>Development-only accounts, all with the password "demo".</summary>
    private static IEnumerable<OperatorAccountOptions> DemoAccounts()
    {
        var hash = HashPassword(DemoPassword);
        var names = new Dictionary<string, string>
        {
            ["101"] = "Анна (техподдержка)", ["102"] = "Борис (заявления)", ["103"] = "Вера (платежи)", ["104"] = "Глеб (отзывы)", ["106"] = "Евгения (юрист)",
        };
        foreach (var (queue, name) in names)
            yield return new OperatorAccountOptions { Login = "op" + queue, Name = name, PasswordHash = hash, Queues = [queue], Languages = ["ru", "en"], MaxChats = 3 };
        yield return new OperatorAccountOptions
        {
            Login = "senior", Name = "Дмитрий (старший специалист)", PasswordHash = hash, Queues = [.. QueueCatalog.Ids],
            Languages = ["ru", "en", "tt", "ba"], MaxChats = 3, Skills = ["senior"],
        };
        yield return new OperatorAccountOptions
        {
            Login = "supervisor", Name = "Елена (супервизор)", PasswordHash = hash, Queues = [], Languages = ["ru", "en"],
            MaxChats = 3, Roles = ["supervisor"],
        };
    }
}
