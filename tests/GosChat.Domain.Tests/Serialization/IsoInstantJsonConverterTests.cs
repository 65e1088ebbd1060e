using System.Text.Json;
using GosChat.Domain.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace GosChat.Domain.Tests.Serialization;

/// <summary>Instants are written byte for byte as NodaTime.Serialization.SystemTextJson writes them, and read back.</summary>
public sealed class IsoInstantJsonConverterTests
{
    private static readonly JsonSerializerOptions Ours = new() { Converters = { new IsoInstantJsonConverter() } };
    private static readonly JsonSerializerOptions Package = new() { Converters = { NodaConverters.InstantConverter } };

    private static IEnumerable<Instant> Cases()
    {
        yield return Instant.FromUtc(2026, 11, 23, 5, 0, 0);
        yield return Instant.FromUtc(2026, 11, 23, 5, 0, 0) + Duration.FromMilliseconds(120);
        yield return Instant.FromUtc(2026, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999);
        yield return Instant.FromUtc(2027, 1, 1, 0, 0, 0) + Duration.FromNanoseconds(1);
        yield return Instant.FromUtc(2028, 2, 29, 12, 30, 45) + Duration.FromTicks(1);
        yield return Instant.FromUtc(1, 1, 1, 0, 0, 0);
        yield return Instant.FromUtc(9999, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(100_000_000);
        yield return Instant.FromUtc(-5, 6, 1, 0, 0, 0);
        yield return Instant.FromUtc(0, 6, 1, 0, 0, 0);
        yield return Instant.FromUtc(1970, 1, 1, 0, 0, 0);
        var random = new Random(20261130);
        for (var i = 0; i < 500; i++)
            yield return Instant.FromUnixTimeTicks(random.NextInt64(0, 4_102_444_800L * NodaConstants.TicksPerSecond)) +
                         Duration.FromNanoseconds(random.Next(0, 100));
    }

    [Test]
    public void WritesWhatThePackageWrites_AndReadsItBack()
    {
        foreach (var instant in Cases())
        {
            var ours = JsonSerializer.Serialize(instant, Ours);
            Assert.That(ours, Is.EqualTo(JsonSerializer.Serialize(instant, Package)), instant.ToString());
            Assert.That(JsonSerializer.Deserialize<Instant>(ours, Ours), Is.EqualTo(instant));
        }
    }

    [Test]
    public void DomainJson_WritesInstantsThroughIt()
    {
        var json = JsonSerializer.Serialize(new { sentAt = Instant.FromUtc(2026, 11, 23, 5, 0, 7) + Duration.FromMilliseconds(250) }, DomainJson.Options);
        Assert.That(json, Is.EqualTo("""{"sentAt":"2026-11-23T05:00:07.25Z"}"""));
        Assert.That(DomainJson.Options.Converters.OfType<IsoInstantJsonConverter>().Count(), Is.EqualTo(1));
    }
}
