using System.Text;
using StackExchange.Redis;

namespace GosChat.Server.Tests.Privacy;

/// <summary>Everything a store holds, read directly: every Redis key (by its type) or every file of a data folder.</summary>
public static class StoredBytes
{
    /// <summary>Each key with all it holds (its name, members, fields, values and stream entries), as raw bytes.</summary>
    public static async Task<Dictionary<string, byte[]>> OfRedisAsync(string connection)
    {
        using var mux = await ConnectionMultiplexer.ConnectAsync(connection + ",allowAdmin=true");
        var db = mux.GetDatabase();
        var result = new Dictionary<string, byte[]>();
        foreach (var endpoint in mux.GetEndPoints())
            await foreach (var key in mux.GetServer(endpoint).KeysAsync(pattern: "*", pageSize: 500))
            {
                var parts = new List<byte[]> { ((byte[]?)key)! };
                switch (await db.KeyTypeAsync(key))
                {
                    case RedisType.String:
                        parts.Add((byte[])(await db.StringGetAsync(key))!);
                        break;
                    case RedisType.Hash:
                        foreach (var e in await db.HashGetAllAsync(key)) parts.AddRange([(byte[])e.Name!, (byte[])e.Value!]);
                        break;
                    case RedisType.List:
                        parts.AddRange((await db.ListRangeAsync(key)).Select(v => (byte[])v!));
                        break;
                    case RedisType.Set:
                        parts.AddRange((await db.SetMembersAsync(key)).Select(v => (byte[])v!));
                        break;
                    case RedisType.SortedSet:
                        parts.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => (byte[])v!));
                        break;
                    case RedisType.Stream:
                        foreach (var entry in await db.StreamRangeAsync(key))
                            foreach (var v in entry.Values) parts.AddRange([(byte[])v.Name!, (byte[])v.Value!]);
                        break;
                    case RedisType.None:
                        continue; // gone since the scan listed it (a lock, an expired key)
                    default:
                        Assert.Fail($"{key}: a key of a type this scan does not read ({await db.KeyTypeAsync(key)})");
                        break;
                }
                result[key!] = parts.SelectMany(p => p.Concat("\n"u8.ToArray())).ToArray();
            }
        return result;
    }

    /// <summary>Each file under <paramref name="folder"/> with its bytes.</summary>
    public static Dictionary<string, byte[]> OfFolder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    /// <summary>The places (keys or files) where any of <paramref name="secrets"/> is found, UTF-8 or in the bytes as given.</summary>
    public static List<string> Find(Dictionary<string, byte[]> stored, IEnumerable<string> secrets)
    {
        var found = new List<string>();
        foreach (var secret in secrets)
        {
            var needle = Encoding.UTF8.GetBytes(secret);
            found.AddRange(stored.Where(kv => kv.Value.AsSpan().IndexOf(needle) >= 0).Select(kv => $"'{secret}' in {kv.Key}"));
        }
        return found;
    }
}
