using System.Text.Json;

namespace GosChat.Storage.Redis;

/// <summary>How a versioned record is stored: "version\njson" (personal fields encrypted by the store's JSON options).</summary>
internal static class VersionedRecord
{
    public static string Encode<T>(T record, long version, JsonSerializerOptions json) =>
        version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + JsonSerializer.Serialize(record, json);

    public static T? Decode<T>(string? stored, JsonSerializerOptions json) where T : class
    {
        if (stored is null) return null;
        var newline = stored.IndexOf('\n');
        return JsonSerializer.Deserialize<T>(newline < 0 ? stored : stored[(newline + 1)..], json);
    }
}
