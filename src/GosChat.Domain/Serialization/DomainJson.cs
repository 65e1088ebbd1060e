using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace GosChat.Domain.Serialization;

/// <summary>Writes an <see cref="Instant"/> as an ISO-8601 UTC string ("2026-11-23T05:00:00Z", fractions when present).</summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("An instant must be a string.");
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO-8601 instant.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

/// <summary>Writes a <see cref="Duration"/> as whole seconds.</summary>
public sealed class DurationSecondsJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Duration.FromSeconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteNumberValue((long)value.TotalSeconds);
}

/// <summary>The JSON shape of domain records, for stores and transports: camelCase, enums as camelCase strings.</summary>
public static class DomainJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        if (!options.Converters.OfType<InstantJsonConverter>().Any()) options.Converters.Add(new InstantJsonConverter());
        if (!options.Converters.OfType<DurationSecondsJsonConverter>().Any()) options.Converters.Add(new DurationSecondsJsonConverter());
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any()) options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
