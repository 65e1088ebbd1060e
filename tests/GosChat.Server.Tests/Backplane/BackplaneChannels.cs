using GosChat.Storage.Redis;

namespace GosChat.Server.Tests.Backplane;

/// <summary>
/// The full Redis names of the package backplane's channels for <see cref="BackplaneHub"/>, as they appear on the
/// server: GosChat's channel prefix, then the hub's type name, then the package's own suffixes.
/// </summary>
public static class BackplaneChannels
{
    private static readonly string Hub = RedisKeys.ChannelPrefix + typeof(BackplaneHub).FullName;

    public static string All => Hub + ":all";
    public static string Group(string name) => Hub + ":group:" + name;
    public static string Connection(string connectionId) => Hub + ":connection:" + connectionId;
    public static string User(string userId) => Hub + ":user:" + userId;
}
