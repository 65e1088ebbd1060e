using System.Security.Cryptography;
using System.Text.Json;
using GosChat.Domain.Calls;
using GosChat.Domain.Messages;
using GosChat.Domain.Privacy;
using GosChat.Domain.Sessions;

namespace GosChat.Domain.Tests.Privacy;

public sealed class PersonalDataCipherTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    private static AesGcmPersonalDataCipher Only(string id, byte[] key) => new(new Dictionary<string, byte[]> { [id] = key }, id);
    private static AesGcmPersonalDataCipher Both(string active) => new(new Dictionary<string, byte[]> { ["A"] = KeyA, ["B"] = KeyB }, active);

    [Test]
    public void Text_RoundTrips_AndNamesItsKey_AndHidesThePlainText()
    {
        var cipher = Only("A", KeyA);
        var stored = cipher.Encrypt("+7 (916) 555-12-34", "Session.phone");

        Assert.That(stored, Does.StartWith("enc:v1:A:"));
        Assert.That(stored, Does.Not.Contain("555"));
        Assert.That(cipher.Decrypt(stored, "Session.phone"), Is.EqualTo("+7 (916) 555-12-34"));
        Assert.That(cipher.Encrypt("+7 (916) 555-12-34", "Session.phone"), Is.Not.EqualTo(stored), "a fresh nonce each time");
    }

    [Test]
    public void Rotation_OldValuesStillRead_NewValuesUseTheActiveKey()
    {
        var underA = Only("A", KeyA).Encrypt("Иван", "Session.citizenName");
        var bytesUnderA = Only("A", KeyA).Encrypt("file"u8, "StoredAttachment.content");
        var rotated = Both(active: "B");

        Assert.That(rotated.Decrypt(underA, "Session.citizenName"), Is.EqualTo("Иван"));
        Assert.That(rotated.Decrypt(bytesUnderA, "StoredAttachment.content"), Is.EqualTo("file"u8.ToArray()));
        var underB = rotated.Encrypt("Иван", "Session.citizenName");
        Assert.That(underB, Does.StartWith("enc:v1:B:"));
        Assert.That(rotated.KeyIdOf(rotated.Encrypt("file"u8, "x")), Is.EqualTo("B"));
        Assert.That(rotated.KeyIdOf(System.Text.Encoding.ASCII.GetBytes(underB)), Is.EqualTo("B"));
    }

    [Test]
    public void ManyThreadsAtOnce_EachGetTheirOwnValuesBack()
    {
        var cipher = Both(active: "B");
        var wrong = 0;
        Parallel.For(0, 2000, i =>
        {
            var text = "сообщение " + i;
            if (cipher.Decrypt(cipher.Encrypt(text, "ChatMessage.text"), "ChatMessage.text") != text) Interlocked.Increment(ref wrong);
        });
        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void AKeyNoLongerConfigured_IsAClearError()
    {
        var underA = Only("A", KeyA).Encrypt("Иван", "c");
        var ex = Assert.Throws<CryptographicException>(() => Only("B", KeyB).Decrypt(underA, "c"));
        Assert.That(ex!.Message, Does.Contain("'A'"));
    }

    [Test]
    public void TamperedValues_OrValuesMovedToAnotherField_DoNotDecrypt()
    {
        var cipher = Only("A", KeyA);
        var stored = cipher.Encrypt("секрет", "ChatMessage.text");
        Assert.That(() => cipher.Decrypt(stored, "Session.preview"), Throws.InstanceOf<CryptographicException>());

        var bytes = Convert.FromBase64String(stored["enc:v1:A:".Length..]);
        bytes[^1] ^= 1;
        Assert.That(() => cipher.Decrypt("enc:v1:A:" + Convert.ToBase64String(bytes), "ChatMessage.text"), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void ValuesWrittenBeforeEncryption_ReadAsTheyAre()
    {
        var cipher = Only("A", KeyA);
        Assert.That(cipher.Decrypt("обычный текст", "c"), Is.EqualTo("обычный текст"));
        Assert.That(cipher.Decrypt("%PDF-1.4"u8, "c"), Is.EqualTo("%PDF-1.4"u8.ToArray()));
        Assert.That(cipher.KeyIdOf("%PDF-1.4"u8), Is.Null);
    }

    [TestCase("")]
    [TestCase("with:colon")]
    [TestCase("0123456789012345678901234567890123")]
    public void BadKeyIds_AreRefused(string id) =>
        Assert.Throws<ArgumentException>(() => Only(id, KeyA));

    [Test]
    public void ShortKeys_AndAnActiveIdWithoutAKey_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Only("A", new byte[16]));
        Assert.Throws<ArgumentException>(() => new AesGcmPersonalDataCipher(new Dictionary<string, byte[]> { ["A"] = KeyA }, "B"));
    }

    [Test]
    public void StoreJson_EncryptsOnlyThePersonalFields_AndReadsThemBack()
    {
        var json = PersonalDataJson.OptionsFor(Only("A", KeyA));
        var session = new Session
        {
            Id = "s1", Ticket = "312345678", Queue = "101", CitizenName = "Иван Петров", Phone = "+79165551234",
            Email = "ivan@example.ru", Preview = "Мой СНИЛС 123-456-789 01", Resolution = "Пароль сброшен", RatingComment = "Спасибо, Анна",
        };
        var message = new ChatMessage
        {
            MessageId = "m1", SessionId = "s1", From = Senders.Citizen, Text = "ИНН 772345678901",
            Attachment = new Attachment("a1", "паспорт.pdf", 10, "application/pdf", "/api/x"),
        };
        var booking = new CallbackBooking { Ticket = "3", CallbackId = "c", Queue = "101", Phone = "+79165551234", Name = "Иван Петров" };

        var stored = JsonSerializer.Serialize(session, json) + JsonSerializer.Serialize(message, json) + JsonSerializer.Serialize(booking, json);

        foreach (var secret in new[] { "Иван", "5551234", "ivan@", "СНИЛС", "Пароль", "Анна", "772345678901", "паспорт" })
            Assert.That(stored, Does.Not.Contain(secret));
        Assert.That(stored, Does.Contain("\"ticket\":\"312345678\"").And.Contain("\"queue\":\"101\""));
        Assert.That(JsonSerializer.Deserialize<Session>(JsonSerializer.Serialize(session, json), json), Is.EqualTo(session with { }).Using<Session>(SameContact));
        var readMessage = JsonSerializer.Deserialize<ChatMessage>(JsonSerializer.Serialize(message, json), json)!;
        Assert.That((readMessage.Text, readMessage.Attachment!.Name), Is.EqualTo(("ИНН 772345678901", "паспорт.pdf")));
        Assert.That(JsonSerializer.Deserialize<CallbackBooking>(JsonSerializer.Serialize(booking, json), json), Is.EqualTo(booking));
    }

    private static bool SameContact(Session a, Session b) =>
        (a.CitizenName, a.Phone, a.Email, a.Preview, a.Resolution, a.RatingComment, a.Ticket) ==
        (b.CitizenName, b.Phone, b.Email, b.Preview, b.Resolution, b.RatingComment, b.Ticket);
}
