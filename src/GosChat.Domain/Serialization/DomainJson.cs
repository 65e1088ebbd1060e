using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace GosChat.Domain.Serialization;

/// <summary>
/// Writes a <see cref="Duration"/> as whole seconds, as the public contract says of every duration
/// (NodaTime's own converter writes a <c>d:hh:mm:ss</c> pattern instead).
/// </summary>
public sealed class DurationSecondsJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Duration.FromSeconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteNumberValue((long)value.TotalSeconds);
}

/// <summary>
/// The JSON shape of domain records, for stores and transports: camelCase, enums as camelCase strings,
/// instants as ISO-8601 UTC strings ("2026-11-23T05:00:00Z", fractions when present) in the pattern of
/// NodaTime.Serialization.SystemTextJson (<see cref="IsoInstantJsonConverter"/>), durations as whole seconds.
/// </summary>
public static class DomainJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        if (!options.Converters.OfType<IsoInstantJsonConverter>().Any()) options.Converters.Add(new IsoInstantJsonConverter());
        if (!options.Converters.OfType<DurationSecondsJsonConverter>().Any()) options.Converters.Add(new DurationSecondsJsonConverter());
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any()) options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
