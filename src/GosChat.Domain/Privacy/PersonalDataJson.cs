using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GosChat.Domain.Serialization;

namespace GosChat.Domain.Privacy;

/// <summary>
/// The JSON shape stores write: <see cref="DomainJson"/>, with every string property marked
/// <see cref="PersonalDataAttribute"/> encrypted by the cipher (the other fields stay readable, so Lua scripts and
/// operators of the store still see versions, states and ids).
/// </summary>
public static class PersonalDataJson
{
    private static readonly ConditionalWeakTable<IPersonalDataCipher, JsonSerializerOptions> Cache = new();

    /// <summary>The store options for <paramref name="cipher"/> (made once per cipher).</summary>
    public static JsonSerializerOptions OptionsFor(IPersonalDataCipher cipher) =>
        Cache.GetValue(cipher, c =>
        {
            var options = new JsonSerializerOptions(DomainJson.Options)
            {
                TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { info => Encrypt(info, c) } },
            };
            options.MakeReadOnly();
            return options;
        });

    private static void Encrypt(JsonTypeInfo info, IPersonalDataCipher cipher)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
        {
            if (property.PropertyType != typeof(string)) continue;
            if (property.AttributeProvider?.IsDefined(typeof(PersonalDataAttribute), inherit: true) != true) continue;
            property.CustomConverter = new EncryptedString(cipher, info.Type.Name + "." + property.Name);
        }
    }

    private sealed class EncryptedString(IPersonalDataCipher cipher, string context) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } stored ? cipher.Decrypt(stored, context) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            cipher.WriteEncrypted(writer, value, context);
    }
}
