using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace GosChat.Domain.Serialization;

/// <summary>
/// Writes an <see cref="Instant"/> exactly as NodaTime.Serialization.SystemTextJson's instant converter does
/// (<c>InstantPattern.ExtendedIso</c>: "2026-11-23T05:00:00Z", with up to nine fraction digits, trailing zeros
/// dropped), straight into the writer; reads with that converter. Every message on the wire carries an instant:
/// the pattern's formatting through a string builder was the largest source of allocations of the embedded relay
/// (bench/README.md). Years outside 1–9999 go to the package's converter.
/// </summary>
public sealed class IsoInstantJsonConverter : JsonConverter<Instant>
{
    private static readonly JsonConverter<Instant> Package = NodaConverters.InstantConverter;

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Package.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        var utc = value.InUtc();
        var year = utc.Year;
        if (year is < 1 or > 9999)
        {
            Package.Write(writer, value, options);
            return;
        }
        Span<byte> text = stackalloc byte[30]; // yyyy-MM-ddTHH:mm:ss.fffffffffZ
        Digits(text[..4], year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), utc.Second);
        var length = 19;
        var nanos = utc.NanosecondOfSecond;
        if (nanos > 0)
        {
            text[19] = (byte)'.';
            Digits(text.Slice(20, 9), nanos);
            length = 29;
            while (text[length - 1] == (byte)'0') length--;
        }
        text[length++] = (byte)'Z';
        writer.WriteStringValue(text[..length]);
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>into.Length</c> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
