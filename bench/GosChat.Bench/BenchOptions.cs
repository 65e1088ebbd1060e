using System.Globalization;

namespace GosChat.Bench;

public sealed record BenchOptions(int Citizens, int Operators, int MessagesPerSession, string? Output)
{
    public static BenchOptions Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        var o = Array.IndexOf(args, "--output");
        return new BenchOptions(Int("--citizens", 150), Int("--operators", 50), Int("--messages", 5),
            o >= 0 && o + 1 < args.Length ? args[o + 1] : null);
    }
}
