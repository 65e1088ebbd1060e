using System.Text;
using GosChat.Domain;
using GosChat.Domain.Attachments;
using GosChat.Domain.Tests.Support;

namespace GosChat.Domain.Tests.Attachments;

public sealed class AttachmentRulesTests
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] JpegHead = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    private static readonly byte[] PdfHead = Encoding.ASCII.GetBytes("%PDF-1.7\n");

    [TestCase("scan.pdf", "pdf", "application/pdf")]
    [TestCase("SCAN.PDF", "pdf", "application/pdf")]
    [TestCase("photo.jpg", "jpeg", "image/jpeg")]
    [TestCase("photo.jpeg", "jpeg", "image/jpeg")]
    [TestCase("screen.png", "png", "image/png")]
    public void Validate_KnownSignatureAndMatchingExtension_GivesTheType(string name, string kind, string expected)
    {
        var bytes = kind switch { "pdf" => PdfHead, "jpeg" => JpegHead, _ => PngHead };
        Assert.That(AttachmentRules.Validate(name, bytes), Is.EqualTo(expected));
    }

    [TestCase("photo.png", "pdf", "file_type_mismatch")]
    [TestCase("scan.pdf", "png", "file_type_mismatch")]
    [TestCase("page.html", "pdf", "unsupported_file_type")]
    [TestCase("noextension", "png", "unsupported_file_type")]
    [TestCase("virus.pdf", "exe", "unsupported_file_type")]
    public void Validate_WrongOrUnknownType_IsRefusedAs415(string name, string kind, string code)
    {
        var bytes = kind switch { "pdf" => PdfHead, "png" => PngHead, _ => "MZ\x90\0"u8.ToArray() };
        Refused.By(DomainErrorKind.UnsupportedMediaType, () => AttachmentRules.Validate(name, bytes), code);
    }

    [Test]
    public void Validate_Size_IsLimitedToFiveMegabytes_Inclusive()
    {
        var exactly = new byte[AttachmentRules.MaxBytes];
        PdfHead.CopyTo(exactly, 0);
        var over = new byte[AttachmentRules.MaxBytes + 1];
        PdfHead.CopyTo(over, 0);

        Assert.That(AttachmentRules.Validate("a.pdf", exactly), Is.EqualTo("application/pdf"));
        Refused.By(DomainErrorKind.TooLarge, () => AttachmentRules.Validate("a.pdf", over), "file_too_large");
        Refused.By(DomainErrorKind.BadRequest, () => AttachmentRules.Validate("a.pdf", []), "empty_file");
    }

    [TestCase("C:\\Users\\ivan\\скан.pdf", "скан.pdf")]
    [TestCase("../../etc/passwd.png", "passwd.png")]
    [TestCase("a\u0000b\"c.png", "abc.png")]
    [TestCase("счёт\u202Efdp.exe", "счётfdp.exe")] // a right-to-left override would show "счётexe.pdf"
    [TestCase("a\u2066b\u200Bc\u200F.pdf", "abc.pdf")]
    [TestCase("\u202E", "file")]
    [TestCase("", "file")]
    [TestCase(null, "file")]
    public void CleanName_DropsPathsControlCharactersAndQuotes(string? name, string expected) =>
        Assert.That(AttachmentRules.CleanName(name), Is.EqualTo(expected));

    [Test]
    public void AttachmentIds_CarryTheirSession()
    {
        var id = AttachmentService.NewId("abc123");
        Assert.That(AttachmentService.SessionOf(id), Is.EqualTo("abc123"));
        Assert.That(AttachmentService.SessionOf("nodot"), Is.Null);
        Assert.That(AttachmentService.SessionOf(".x"), Is.Null);
    }
}
