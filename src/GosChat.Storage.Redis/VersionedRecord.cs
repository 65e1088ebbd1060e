using System.Text.Json;
using GosChat.Domain.Serialization;

namespace GosChat.Storage.Redis;

/// <summary>How a versioned record is stored: "version\njson".</summary>
internal static class VersionedRecord
{
    public static string Encode<T>(T record, long version) =>
        version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + JsonSerializer.Serialize(record, DomainJson.Options);

    public static T? Decode<T>(string? stored) where T : class
    {
        if (stored is null) return null;
        var newline = stored.IndexOf('\n');
        return JsonSerializer.Deserialize<T>(newline < 0 ? stored : stored[(newline + 1)..], DomainJson.Options);
    }
}
